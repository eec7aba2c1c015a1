/**
 * Replay figure (docs/verify.md): a recorded session of 100,000 allocations (50 sites, half of
 * them freed) turned into a scenario and run through the simulator, as recorded and with the top
 * site moved to the PSRAM factory. Goal: < 1 s per replay.
 */
import type { HeapEvent } from '../server/protocol/events';
import { recordSession, replayMetrics, replayScenario } from '../server/sim/replay';
import { runScenario } from '../server/sim/runner';

const N = 100_000;

function session(): HeapEvent[] {
  const events: HeapEvent[] = [];
  for (let i = 0; i < N; i++) {
    const site = {
      address: 0x42000000 + (i % 50),
      function: `f${i % 50}()`,
      file: '/p/main/app.cpp',
      fileLine: 1 + (i % 50),
    };
    const address = 0x3fc80000 + i * 16;
    events.push({
      kind: 'allocation',
      line: 2 * i,
      address,
      size: 24 + (i % 7) * 8,
      memory: 'internal',
      site,
    });
    if (i % 2 === 1) {
      events.push({
        kind: 'deallocation',
        line: 2 * i + 1,
        address: address - 16,
        memory: 'internal',
      });
    }
  }
  return events;
}

export async function run(): Promise<void> {
  const rec = recordSession(session(), 'esp32s3');
  const base = { chip: 'esp32s3' as const, idfVersion: '5.3', psramSize: 8 << 20 };
  for (const migrate of [[], ['app.cpp:1']]) {
    const t = performance.now();
    const m = replayMetrics(runScenario(replayScenario(rec, { ...base, migrate })));
    const ms = performance.now() - t;
    console.log(
      `replay of ${N.toLocaleString('en-US')} allocations${migrate.length ? ' (top site → factory)' : ''}: ${ms.toFixed(0)} ms (goal < 1000 ms); min free internal ${m.minFreeInternal} B, failures ${m.failures}`,
    );
  }
  await Promise.resolve();
}
