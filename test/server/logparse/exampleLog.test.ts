/**
 * The bundled example's recorded monitor session (examples/webrtc-streamer/logs/monitor.log) is
 * what the panel replays: it must parse completely, and every decoded user frame must point at a
 * real allocating line of the example's sources (the extension maps paths by suffix).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickCaller } from '../../../server/heap/callers';
import { HeapModel } from '../../../server/heap/model';
import { parseLog } from '../../../server/logparse/parser';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'webrtc-streamer');
const result = parseLog(readFileSync(join(EXAMPLE, 'logs', 'monitor.log')));

describe('examples/webrtc-streamer/logs/monitor.log', () => {
  test('is an ESP32-S3 session with 8 MB PSRAM and a complete v5.3 heap trace', () => {
    assert.equal(result.chip, 'esp32s3');
    const pool = result.events.find((e) => e.kind === 'psramPool');
    assert.equal(pool?.kind === 'psramPool' && pool.bytes, 8 * 1024 * 1024);
    const trace = result.events.find((e) => e.kind === 'heapTrace');
    assert.ok(trace?.kind === 'heapTrace' && trace.complete);
    assert.equal(trace.records.length, trace.declaredRecords);
    assert.ok(
      trace.records.every((r) => r.memory === 'internal' && (r.symbols?.length ?? 0) === 2),
    );
    const infos = result.events.filter((e) => e.kind === 'heapInfo');
    assert.ok(infos.length === 2 && infos.every((e) => e.kind === 'heapInfo' && e.complete));
  });

  test('every user frame names an allocating line of the example sources', () => {
    const trace = result.events.find((e) => e.kind === 'heapTrace');
    assert.ok(trace?.kind === 'heapTrace');
    const seen = new Set<string>();
    for (const r of trace.records) {
      const caller = pickCaller(r.symbols ?? []);
      assert.ok(caller, 'a decoded caller');
      const rel = caller.file.split('/webrtc-streamer/')[1];
      assert.ok(rel, caller.file);
      const line = readFileSync(join(EXAMPLE, rel), 'utf8').split('\n')[caller.fileLine - 1];
      assert.match(
        line,
        /make_shared|new |reserve|mChannels\[|->data = |push_back/,
        `${rel}:${caller.fileLine}`,
      );
      seen.add(`${rel}:${caller.fileLine}`);
    }
    assert.ok(seen.has('main/main.cpp:16') && seen.has('components/rtc/src/channel.cpp:7'));
  });

  test('the heap model sees every failure and labels the free-heap figures', () => {
    const model = new HeapModel({ chip: result.chip });
    for (const e of result.events) model.apply(e);
    const s = model.snapshot();
    assert.equal(s.reservePool, 32768);
    // The callback line and the app's ESP_ERR_NO_MEM line report one failure.
    assert.equal(s.failures.length, 1);
    const figures = result.events.flatMap((e) =>
      e.kind === 'log' && e.freeHeap ? [e.freeHeap] : [],
    );
    assert.deepEqual(
      figures.map((f) => f.includesPsram),
      [true, false, true],
    );
  });
});
