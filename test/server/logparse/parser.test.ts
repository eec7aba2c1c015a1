import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeapModel } from '../../../server/heap/model';
import { parseLog } from '../../../server/logparse/parser';

const log = (lines: string[]): string => lines.join('\n') + '\n';

describe('LogStreamParser', () => {
  test('an ESP_LOG line gives its log event, then the specific one on the same line', () => {
    const r = parseLog(
      log(['I (1251) spiram: Adding pool of 4096K of external SPI memory to heap allocator']),
    );
    assert.deepEqual(
      r.events.map((e) => [e.kind, e.line, e.time]),
      [
        ['log', 1, 1251],
        ['psramPool', 1, 1251],
      ],
    );
  });

  test('--chip wins over what the log says; without it the log decides', () => {
    const text = log([
      'ESP-ROM:esp32c3-api1-20210207',
      'D (1) psram_lens: alloc ptr=0x3fc9a000 size=8',
    ]);
    assert.equal(parseLog(text).chip, 'esp32c3');
    assert.equal(parseLog(text, { chip: 'esp32s3' }).chip, 'esp32s3');
    assert.equal(parseLog(log(['I (1) a: b'])).chip, null);
  });

  test('heap_init addresses narrow the chip when nothing else names it', () => {
    const r = parseLog(log(['I (1) heap_init: At 4FF29ED0 len 00011130 (68 KiB): RAM']));
    assert.equal(r.chip, 'esp32p4');
    const c6orH2 = parseLog(log(['I (1) heap_init: At 40810E20 len 0003C3B0 (240 KiB): RAM']));
    assert.equal(c6orH2.chip, null);
  });

  test('lines interleaved into a block are emitted after the block event, in line order', () => {
    const r = parseLog(
      log([
        'Heap summary for capabilities 0x00000004:',
        'I (5) other: from the other core',
        '  At 0x3ffae6e0 len 6432 free 6052 allocated 0 min_free 6052',
        '    largest_free_block 5632 alloc_blocks 0 free_blocks 1 total_blocks 1',
        '  Totals:',
        '    free 6052 allocated 0 min_free 6052 largest_free_block 5632',
        'I (6) other: after',
      ]),
    );
    assert.deepEqual(
      r.events.map((e) => [e.kind, e.line]),
      [
        ['heapInfo', 1],
        ['log', 2],
        ['log', 7],
      ],
    );
    assert.equal(r.events[0].kind === 'heapInfo' && r.events[0].complete, true);
  });

  test('decode lines outside a block become symbol events with their inlined frames and device line', () => {
    const r = parseLog(
      log([
        'Backtrace: 0x400d276d:0x3ffb5a40',
        '0x400d276d: leak at /p/main/a.c:27',
        ' (inlined by) app_main at /p/main/b.c:9',
        '',
        'I (1) a: next',
      ]),
    );
    assert.deepEqual(r.events[1], {
      kind: 'symbol',
      line: 2,
      address: 0x400d276d,
      function: 'leak',
      file: '/p/main/a.c',
      fileLine: 27,
      ofLine: 1,
      inlinedBy: [{ function: 'app_main', file: '/p/main/b.c', fileLine: 9 }],
    });
    assert.deepEqual(
      r.events.map((e) => e.kind),
      ['text', 'symbol', 'log'],
    );
  });

  test('blank lines are skipped but counted', () => {
    const r = parseLog('\n\n   \nI (1) a: b');
    assert.equal(r.lines, 4);
    assert.deepEqual(
      r.events.map((e) => e.line),
      [4],
    );
  });
});

describe('parser and model together', () => {
  test('the ESP32 v4.4 fixture gives regions, PSRAM, reserve pool and failures', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', 'fixtures', 'logs', 'esp32-v4.4-psram-leaks.log'),
    );
    const r = parseLog(text);
    const model = new HeapModel({ chip: r.chip });
    for (const e of r.events) model.apply(e);
    const s = model.snapshot();
    assert.equal(s.chip, 'esp32');
    assert.equal(s.reservePool, 32768);
    assert.deepEqual(
      s.summary.map((k) => [k.kind, k.total]),
      [
        ['internalDma', 0x1920 + 0x29ca0 + 0x3ae0 + 0x1bcb0],
        ['iram', 0x13e40],
        ['psram', 4096 * 1024],
      ],
    );
    // The Wi-Fi eb failure and the hook line count; "Memory allocation failed" right after the
    // hook line restates the same failure, so it does not.
    assert.equal(s.failures.length, 2);
    assert.deepEqual(
      model.allocations().map((a) => [a.memory, a.caller?.function]),
      [
        ['internal', 'leak_some_memory'],
        ['psram', 'leak_big_buffer'],
      ],
    );
  });
});
