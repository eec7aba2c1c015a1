/**
 * Regression tests for parser gaps seen on real and hostile logs (issue 13.7): a pasted dump
 * without its banner, one failure printed twice, a huge decode backlog after a block, bare-CR
 * text, long free-heap numbers and PlatformIO's decoder output.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  AllocFailedEvent,
  HeapEvent,
  HeapTraceEvent,
  LogEvent,
  TextEvent,
} from '../../../server/protocol/events';
import { LogStreamParser, parseLog } from '../../../server/logparse/parser';
import { LineSplitter } from '../../../server/logparse/lineSplitter';
import { HeapModel } from '../../../server/heap/model';
import { EventSymbolizer } from '../../../server/symbolize/annotate';

const failuresSeen = (events: HeapEvent[]): number => {
  const model = new HeapModel({ chip: 'esp32' });
  for (const e of events) model.apply(e);
  return model.snapshot().failures.length;
};

describe('parser gaps', () => {
  test('the pre-v5.1 development label `,   SPIRAM` places a record in PSRAM', () => {
    const { events } = parseLog(
      [
        '====== Heap Trace: 2 records (10 capacity) ======',
        '    96 bytes (@ 0x3f800010,   SPIRAM) allocated CPU 0 ccount 0x1a2b3c4d caller 0x400d1234:0x400d5678',
        '    64 bytes (@ 0x3ffb4a10, Internal) allocated CPU 0 ccount 0x1a2b3c5d caller 0x400d1234:0x400d5678',
        '====== Heap Trace Summary ======',
      ].join('\n'),
      { chip: 'esp32' },
    );
    const trace = events.find((e): e is HeapTraceEvent => e.kind === 'heapTrace');
    assert.deepEqual(
      trace?.records.map((r) => [r.size, r.memory, r.label]),
      [
        [96, 'psram', 'PSRAM'],
        [64, 'internal', 'Internal'],
      ],
    );
  });

  test('a v4.4 dump pasted without its banner is a trace, marked incomplete', () => {
    const { events } = parseLog(
      [
        'here is my leak dump:',
        '96 bytes (@ 0x3ffb4a10) allocated CPU 0 ccount 0x1a2b3c4d caller 0x400d1234:0x400d5678',
        '1500 bytes (@ 0x3f800010) allocated CPU 1 ccount 0x1a2b3c99 caller 0x400d9abc:0x400d5678',
        '...',
        "1596 bytes 'leaked' in trace (2 allocations)",
        'total allocations 9 total frees 7',
      ].join('\n'),
      { chip: 'esp32' },
    );
    const traces = events.filter((e): e is HeapTraceEvent => e.kind === 'heapTrace');
    assert.equal(traces.length, 1);
    const t = traces[0];
    assert.equal(t.line, 2);
    assert.equal(t.complete, false);
    assert.equal(t.declaredRecords, null);
    assert.deepEqual(
      t.records.map((r) => [r.size, r.memory, r.callers.length]),
      [
        [96, 'internal', 2],
        [1500, 'psram', 2],
      ],
    );
    assert.deepEqual(t.summary, {
      bytesLeaked: 1596,
      allocationsLeaked: 2,
      totalAllocations: 9,
      totalFrees: 7,
    });
  });

  test('one failure printed twice counts once (callback + ESP_ERR_NO_MEM, hook + abort)', () => {
    const callbackThenApp = parseLog(
      [
        'heap_caps_malloc was called but failed to allocate 200000 bytes with 0x80C capabilities. ',
        'E (2211) webrtc: encoder buffer: ESP_ERR_NO_MEM',
      ].join('\n'),
    ).events;
    const fails = callbackThenApp.filter((e): e is AllocFailedEvent => e.kind === 'allocFailed');
    assert.deepEqual(
      fails.map((f) => [f.source, f.duplicateOf]),
      [
        ['failedAllocCallback', undefined],
        ['espErrNoMem', 1],
      ],
    );
    assert.equal(failuresSeen(callbackThenApp), 1);
    const hookThenAbort = parseLog(
      [
        'I (1240) tracer: heap_caps_malloc_default was called but failed to allocate 40000 bytes with 0x1000 capabilities. ',
        'Mem alloc fail. size 0x00009c40 caps 0x00001000',
        'abort() was called at PC 0x40376fa1 on core 0',
      ].join('\n'),
    ).events;
    assert.equal(failuresSeen(hookThenAbort), 1);
    // Different sizes are different failures; a failure is restated once.
    const two = parseLog(
      [
        'heap_caps_malloc was called but failed to allocate 100 bytes with 0x4 capabilities. ',
        'Mem alloc fail. size 0x00009c40 caps 0x00001000',
        'E (1) a: ESP_ERR_NO_MEM',
        'E (2) a: ESP_ERR_NO_MEM',
      ].join('\n'),
    ).events;
    assert.equal(failuresSeen(two), 3);
  });

  test('125,000 decode lines after a heap-info banner: no stack overflow, nothing lost', () => {
    const n = 125_000;
    const lines = ['Heap summary for capabilities 0x00001800:'];
    for (let i = 0; i < n; i++) {
      lines.push(
        `0x400d${(i % 0xffff).toString(16).padStart(4, '0')}: f${i} at /p/main/a.c:${i + 1}`,
      );
    }
    const text = lines.join('\n') + '\n';
    const whole = parseLog(text, { chip: 'esp32' });
    assert.equal(whole.events.filter((e) => e.kind === 'symbol').length, n);
    const p = new LogStreamParser({ chip: 'esp32' });
    const events = p.push(text);
    for (const e of p.end()) events.push(e);
    assert.equal(events.length, whole.events.length);
  });

  test('splitting bare-CR text is linear', () => {
    const time = (bytes: number): number => {
      const s = new LineSplitter();
      const t0 = performance.now();
      const lines = s.push('\r'.repeat(bytes)).length + s.end().length;
      assert.equal(lines, bytes);
      return performance.now() - t0;
    };
    time(1 << 16);
    // 1 MiB took 31 s when every line searched the rest of the text for a `\n`.
    assert.ok(time(1 << 20) < 2000);
    const parsed = parseLog('I (1) a: x\r'.repeat(1000) + 'y\r'.repeat(200_000));
    assert.equal(parsed.lines, 201_000);
  });

  test('free-heap numbers of 13 digits or more are read whole, never truncated', () => {
    const { events } = parseLog(
      [
        'I (5) app: Free heap: 1234567890123',
        'I (6) app: esp_get_free_heap_size() = 123456789012345',
        'I (7) app: Free heap: 12345678901234567890',
      ].join('\n'),
    );
    const figures = events.flatMap((e) =>
      e.kind === 'log' && e.freeHeap ? [e.freeHeap.bytes] : [],
    );
    assert.deepEqual(figures, [1234567890123, 123456789012345]);
    const third = events.find((e): e is LogEvent => e.kind === 'log' && e.line === 3);
    assert.equal(third?.freeHeap, undefined);
  });

  test("PlatformIO's decoder output decodes heap-trace callers and backtraces", async () => {
    const { events } = parseLog(
      [
        '====== Heap Trace: 1 records (10 capacity) ======',
        '    96 bytes (@ 0x3fcb25d4, Internal) allocated CPU 0 ccount 0x2c1a4b10 caller 0x4013bfc4:0x400d2a60',
        '  #0  0x4013bfc4 in operator new(unsigned int) at /home/u/.platformio/packages/toolchain-xtensa-esp32s3/libstdc++-v3/libsupc++/new_op.cc:50',
        '  #1  0x400d2a60 in app::start() at src/main.cpp:12',
        '================================',
        'Backtrace: 0x400d2a60:0x3fc98e40 0x40000000:0x3fc98e60',
        '  #0  0x400d2a60 in app::start() at src/main.cpp:12',
        '  #1  0x40000000 in ?? ??:0',
      ].join('\n'),
      { chip: 'esp32s3' },
    );
    await new EventSymbolizer(null).annotate(events);
    const trace = events.find((e): e is HeapTraceEvent => e.kind === 'heapTrace');
    assert.deepEqual(
      trace?.records[0].symbols?.map((s) => s.function),
      ['operator new(unsigned int)', 'app::start()'],
    );
    assert.deepEqual(trace?.records[0].site, {
      address: 0x400d2a60,
      function: 'app::start()',
      file: 'src/main.cpp',
      fileLine: 12,
    });
    const bt = events.find((e): e is TextEvent => e.kind === 'text' && e.note === 'backtrace');
    assert.equal(bt?.site?.fileLine, 12);
    assert.ok(events.some((e) => e.kind === 'text' && e.note === 'symbolUnknown'));
  });
});
