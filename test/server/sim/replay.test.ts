/**
 * Replay: a recorded session's allocations through the simulator, as recorded and with sites
 * moved to the PSRAM factory or other sdkconfig values.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeapEvent } from '../../../server/protocol/events';
import { parseLog } from '../../../server/logparse/parser';
import { EventSymbolizer } from '../../../server/symbolize/annotate';
import { recordSession, replayMetrics, replayScenario } from '../../../server/sim/replay';
import { runScenario } from '../../../server/sim/runner';
import { syntheticReplaySession } from './replaySession';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE_LOG = join(ROOT, 'examples', 'webrtc-streamer', 'logs', 'monitor.log');

async function exampleRecording() {
  const parsed = parseLog(readFileSync(EXAMPLE_LOG));
  await new EventSymbolizer(null).annotate(parsed.events);
  return recordSession(parsed.events, parsed.chip);
}

describe('replay', () => {
  test('the example session: moving its top site to the factory frees that internal RAM', async () => {
    const rec = await exampleRecording();
    assert.equal(rec.chip, 'esp32s3');
    assert.equal(rec.idfVersion, '5.3.1');
    assert.equal(rec.psramBytes, 8 << 20);
    const top = [...rec.sites.keys()].find((k) => k.endsWith('main/track.cpp:20'));
    assert.ok(top);
    const base = { chip: 'esp32s3' as const, idfVersion: '5.3.1', psramSize: rec.psramBytes };
    const a = replayMetrics(runScenario(replayScenario(rec, { ...base, recordedRegions: true })));
    const b = replayMetrics(
      runScenario(
        replayScenario(rec, { ...base, recordedRegions: true, migrate: ['main/track.cpp:20'] }),
      ),
    );
    // 64 frames of 1,216 B: 77,824 B requested, more with the allocator's headers.
    assert.ok(
      b.minFreeInternal - a.minFreeInternal >= 77_824,
      `${a.minFreeInternal} → ${b.minFreeInternal}`,
    );
    assert.ok(a.internalBytes - b.internalBytes >= 77_824);
    assert.equal(b.failures, 0);
    assert.ok(a.internalFree.length > 10 && a.internalFree[0].step === 0);
  });

  test('frees replay exactly the block the device freed, in order', () => {
    const ev = (e: Partial<HeapEvent> & { kind: HeapEvent['kind'] }, line: number): HeapEvent =>
      ({ line, ...e }) as HeapEvent;
    const site = { address: 1, function: 'f()', file: '/p/main/a.cpp', fileLine: 7 };
    const events: HeapEvent[] = [
      ev({ kind: 'allocation', address: 0x3fc9a000, size: 100, memory: 'internal', site }, 1),
      ev({ kind: 'allocation', address: 0x3fc9b000, size: 200, memory: 'internal', site }, 2),
      ev(
        {
          kind: 'allocation',
          address: 0x3fc9c000,
          size: 300,
          memory: 'internal',
          method: 'psram_lens',
        },
        3,
      ),
      ev({ kind: 'deallocation', address: 0x3fc9b000, memory: 'internal' }, 4),
      // The same address again: the old block was freed first.
      ev({ kind: 'allocation', address: 0x3fc9a000, size: 50, memory: 'internal', site }, 5),
    ];
    const rec = recordSession(events, 'esp32s3');
    assert.deepEqual(
      rec.ops.map((o) =>
        o.op === 'alloc' ? `+${o.id}:${o.size}${o.factory ? 'f' : ''}` : `-${o.id}`,
      ),
      ['+1:100', '+2:200', '+3:300f', '-2', '-1', '+4:50'],
    );
    const scenario = replayScenario(rec, {
      chip: 'esp32s3',
      idfVersion: '5.3',
      psramSize: 8 << 20,
    });
    const frees = scenario.steps.filter((s) => s.op === 'free');
    assert.deepEqual(
      frees.map((s) => (s.op === 'free' ? [s.label, s.object] : null)),
      [
        ['/p/main/a.cpp:7', 1],
        ['/p/main/a.cpp:7', 0],
      ],
    );
    const { result } = runScenario(scenario);
    const mine = result.allocations.filter((r) => r.method !== 'boot');
    assert.deepEqual(
      mine.map((r) => [r.requestedSize, r.live, r.memory]),
      [
        [100, false, 'internal'],
        [200, false, 'internal'],
        [300, true, 'psram'],
        [50, true, 'internal'],
      ],
    );
  });

  test('100,000 recorded allocations replay in seconds, not minutes', () => {
    const events = syntheticReplaySession(100_000);
    const rec = recordSession(events, 'esp32s3');
    const t0 = performance.now();
    const m = replayMetrics(
      runScenario(replayScenario(rec, { chip: 'esp32s3', idfVersion: '5.3', psramSize: 8 << 20 })),
    );
    const ms = performance.now() - t0;
    assert.equal(m.failures, 0);
    assert.ok(ms < 10_000, `${ms} ms`);
  });

  test('simulate --replay prints A/B; an unknown --migrate site is one error line, exit 2', () => {
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'server', 'cli', 'main.ts'), 'simulate', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
    const ok = run([
      '--replay',
      EXAMPLE_LOG,
      '--migrate',
      'main/track.cpp:20',
      '--set',
      'CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=0',
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /A: as recorded +B: what if/);
    assert.match(ok.stdout, /^B: 1 site → factory, SPIRAM_MALLOC_ALWAYSINTERNAL=0$/m);
    assert.match(ok.stdout, /frees [\d.]+ KiB of internal RAM at the low point/);
    const bad = run(['--replay', EXAMPLE_LOG, '--migrate', 'nowhere.cpp:1']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /--migrate nowhere\.cpp:1: no allocation site/);
  });
});
