/** One test per message form: the fields each ESP-IDF format string yields. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocFailure, parseWifiFailure } from '../../../server/logparse/allocFailure';
import { parseAllocatorStats, parseSeedStats } from '../../../server/logparse/allocatorStats';
import { parseFactoryLine } from '../../../server/logparse/factoryLines';
import {
  chipFromLog,
  chipFromProductName,
  chipFromText,
} from '../../../server/logparse/chipDetect';
import { parseFreeHeap } from '../../../server/logparse/freeHeap';
import { parseHeapInit } from '../../../server/logparse/heapInit';
import { parseDecode } from '../../../server/logparse/monitorDecode';
import { noteFor } from '../../../server/logparse/notes';
import { parsePsramLine } from '../../../server/logparse/psram';

describe('heap_init region lines', () => {
  test('every label form, including ones with / and spaces', () => {
    const e = parseHeapInit('esp32c3', 'At 3FCDC710 len 00002950 (10 KiB): DRAM/RETENTION/STACK');
    assert.deepEqual(e, {
      kind: 'heapRegion',
      address: 0x3fcdc710,
      length: 0x2950,
      label: 'DRAM/RETENTION/STACK',
      memory: 'internal',
      dma: true,
    });
    assert.equal(
      parseHeapInit('esp32c3', 'At 3FCDC710 len 00002950 (10 KiB): Retention RAM')?.kind,
      'heapRegion',
    );
  });
  test('without a chip the label decides where the address is ambiguous', () => {
    assert.equal(parseHeapInit(null, 'At 40070000 len 00002000 (8 KiB): IRAM')?.memory, 'iram');
    assert.equal(parseHeapInit(null, 'At 40070000 len 00002000 (8 KiB): RTCRAM')?.memory, 'rtc');
  });
  test('other heap_init messages are not regions', () => {
    assert.equal(parseHeapInit(null, 'Initializing. RAM available for dynamic allocation:'), null);
  });
});

describe('PSRAM boot lines', () => {
  const cases: [string, string, object][] = [
    ['spiram', 'Found 64MBit SPI RAM device', { fact: 'found', bytes: 8 * 1024 * 1024 }],
    ['esp_psram', 'Found 8MB PSRAM device', { fact: 'found', bytes: 8 * 1024 * 1024 }],
    ['esp_psram', 'Speed: 80MHz', { fact: 'speed', mhz: 80 }],
    [
      'spiram',
      'SPI SRAM memory test fail. 3/4096 writes failed, first @ 3F800000',
      { fact: 'memoryTest', ok: false },
    ],
    [
      'esp_psram',
      'Adding pool of 8192K of PSRAM memory to heap allocator',
      { fact: 'pool', bytes: 8388608 },
    ],
    [
      'esp_psram',
      'Reserving pool of 32K of internal memory for DMA/internal allocations',
      { fact: 'reserve', bytes: 32768 },
    ],
    [
      'esp_psram',
      'Virtual address not enough for PSRAM, map as much as we can. 16MB is mapped',
      { fact: 'mapped', bytes: 16777216 },
    ],
    [
      'cpu_start',
      'Failed to init external RAM; continuing without it.',
      { fact: 'failed', text: 'Failed to init external RAM; continuing without it.' },
    ],
    [
      'octal_psram',
      'density      : 0x03 (64 Mbit)',
      { fact: 'modeRegister', bytes: 8388608, text: 'density' },
    ],
  ];
  for (const [tag, message, fact] of cases) {
    test(`${tag}: ${message.slice(0, 40)}`, () =>
      assert.deepEqual(parsePsramLine(tag, message), fact));
  }
  test('the same text under another tag is not a PSRAM boot line', () => {
    assert.equal(parsePsramLine('app', 'Speed: 80MHz'), null);
  });
});

describe('allocation failures', () => {
  test('the failed-alloc callback text, with the function name before it', () => {
    assert.deepEqual(
      parseAllocFailure(
        'heap_caps_aligned_alloc was called but failed to allocate 4096 bytes with 0x80C capabilities. ',
      ),
      {
        kind: 'allocFailed',
        size: 4096,
        caps: 0x80c,
        function: 'heap_caps_aligned_alloc',
        source: 'failedAllocCallback',
      },
    );
  });
  test('malloc(0) reported by the hook is benign', () => {
    assert.equal(
      parseAllocFailure(
        'heap_caps_malloc was called but failed to allocate 0 bytes with 0x1800 capabilities.',
      )?.benign,
      true,
    );
  });
  test('abort messages: v4.4.5+/v5.0.2+ with size and caps, older without', () => {
    assert.deepEqual(parseAllocFailure('Mem alloc fail. size 0x00004e20 caps 0x00001800'), {
      kind: 'allocFailed',
      size: 20000,
      caps: 0x1800,
      function: null,
      source: 'memAllocFail',
    });
    assert.equal(
      parseAllocFailure('Panic reason: Mem alloc fail. size 0x00000010 caps 0x00000400')?.size,
      16,
    );
    assert.equal(parseAllocFailure('Memory allocation failed')?.sizeUnknown, true);
  });
  test('ESP_ERR_NO_MEM, from ESP_ERROR_CHECK and from log messages; other errors are not failures', () => {
    assert.equal(
      parseAllocFailure('ESP_ERROR_CHECK failed: esp_err_t 0x101 (ESP_ERR_NO_MEM) at 0x400d2f1c')
        ?.source,
      'espErrorCheck',
    );
    assert.equal(
      parseAllocFailure('ESP_ERROR_CHECK_WITHOUT_ABORT failed: esp_err_t 0x101 at 0x400d2f1c')
        ?.source,
      'espErrorCheck',
    );
    assert.equal(parseAllocFailure('nimble_port_init: ESP_ERR_NO_MEM')?.source, 'espErrNoMem');
    assert.equal(
      parseAllocFailure('ESP_ERROR_CHECK failed: esp_err_t 0x102 (ESP_ERR_INVALID_ARG) at 0x1'),
      null,
    );
  });
  test('Wi-Fi blob forms; the heap: figure includes PSRAM', () => {
    const eb = parseWifiFailure('alloc eb len=28 type=3 fail, heap:226836');
    assert.deepEqual(eb, {
      kind: 'allocFailed',
      size: 28,
      caps: null,
      function: 'alloc eb type=3',
      source: 'wifiAllocEb',
      freeHeap: { bytes: 226836, measure: 'free', includesPsram: true },
    });
    assert.equal(parseWifiFailure('m f assoc req l=252')?.function, 'assoc req');
    assert.equal(parseWifiFailure('m f auth')?.sizeUnknown, true);
    assert.equal(parseWifiFailure('wifi driver task: 3ffc0e6c, prio:23'), null);
  });
});

describe('free-heap figures', () => {
  test('esp_get_free_heap_size-style figures include PSRAM; internal ones do not', () => {
    assert.deepEqual(parseFreeHeap('Minimum free heap size: 305360 bytes'), {
      bytes: 305360,
      measure: 'minimumFree',
      includesPsram: true,
    });
    assert.deepEqual(parseFreeHeap('Free Heap: 8734192 bytes (PSRAM + Internal RAM)'), {
      bytes: 8734192,
      measure: 'free',
      includesPsram: true,
    });
    assert.deepEqual(parseFreeHeap('free_heap_size=1234'), {
      bytes: 1234,
      measure: 'free',
      includesPsram: true,
    });
    assert.deepEqual(parseFreeHeap('Free internal heap: 20000'), {
      bytes: 20000,
      measure: 'free',
      includesPsram: false,
    });
    assert.deepEqual(parseFreeHeap('esp_get_free_internal_heap_size() = 201412'), {
      bytes: 201412,
      measure: 'free',
      includesPsram: false,
    });
    assert.equal(parseFreeHeap('heap_caps_malloc failed'), null);
  });
});

describe('PSRAM allocator lines', () => {
  test('the allocator header: stats, alloc, free', () => {
    assert.deepEqual(
      parseAllocatorStats('stats: allocs=3 bytes=300 psram_allocs=2 fallback_bytes=100'),
      {
        kind: 'psramStats',
        stats: { allocs: 3, bytes: 300, psramAllocs: 2, fallbackBytes: 100 },
        source: 'psram_lens',
      },
    );
    assert.deepEqual(parseFactoryLine('esp32s3', 'alloc ptr=0x3fc9b010 size=20 heap=internal'), {
      kind: 'allocation',
      address: 0x3fc9b010,
      size: 20,
      memory: 'internal',
      dma: true,
      heap: 'internal',
      method: 'psram_lens',
    });
    assert.deepEqual(parseFactoryLine('esp32s3', 'free ptr=0x3c0a1234 size=108'), {
      kind: 'deallocation',
      address: 0x3c0a1234,
      memory: 'psram',
      size: 108,
    });
    assert.equal(parseFactoryLine('esp32s3', 'alloc ptr=zz size=1'), null);
    // 64-bit counters past 2^32 stay exact.
    assert.equal(parseAllocatorStats('stats: bytes=4299161600')?.kind, 'psramStats');
    assert.deepEqual(
      (parseAllocatorStats('stats: bytes=4299161600') as { stats: Record<string, number> }).stats,
      { bytes: 4299161600 },
    );
  });
  test('the factory header: caller and sizeof(T) on the alloc line, the logged failure', () => {
    assert.deepEqual(
      parseFactoryLine(
        'esp32c3',
        'alloc ptr=0x3fc9b010 size=108 heap=internal caller=0x42001a2c type_size=96',
      ),
      {
        kind: 'allocation',
        address: 0x3fc9b010,
        size: 108,
        memory: 'internal',
        dma: true,
        heap: 'internal',
        method: 'psram_lens',
        callers: [0x42001a2c],
        objectSize: 96,
      },
    );
    assert.deepEqual(
      parseFactoryLine(
        'esp32s3',
        'alloc failed size=108 align=4 caps=0x00000404 fallback_caps=0x00001800 caller=0x42001a2c',
      ),
      {
        kind: 'allocFailed',
        size: 108,
        caps: 0x1800,
        function: 'psram_lens',
        source: 'psramLensFactory',
        callers: [0x42001a2c],
      },
    );
    // No fallback (PSRAM_LENS_FALLBACK=0): the PSRAM caps were the last attempt.
    assert.equal(
      (
        parseFactoryLine(
          'esp32s3',
          'alloc failed size=8 align=4 caps=0x00000404 fallback_caps=0x00000000',
        ) as { caps: number }
      ).caps,
      0x404,
    );
    assert.equal(parseFactoryLine('esp32s3', 'alloc failed size=x'), null);
    assert.equal(
      parseFactoryLine('esp32s3', 'alloc ptr=0x3fc9b010 size=8 heap=psram caller=zz')?.kind,
      'allocation',
    );
    assert.equal(parseFactoryLine('esp32s3', 'stats: allocs=1'), null);
  });
  test("the seed allocator's statistics lines", () => {
    assert.deepEqual(
      parseSeedStats('PSRAM fallbacks to internal: 2, total bytes: 64')?.kind,
      'psramStats',
    );
    assert.deepEqual(parseSeedStats('AFTER:  Internal: 0 bytes, PSRAM: 0 bytes'), {
      kind: 'psramStats',
      stats: { internalBytes: 0, psramBytes: 0 },
      phase: 'AFTER',
    });
    assert.equal(parseSeedStats('operator new calls: many'), null);
  });
});

describe('monitor decode lines', () => {
  test('every generation and addr2line quirk', () => {
    assert.deepEqual(parseDecode('0x400d276d: leak_some_memory at /p/main/blink.c:27'), {
      kind: 'symbol',
      symbol: {
        address: 0x400d276d,
        function: 'leak_some_memory',
        file: '/p/main/blink.c',
        fileLine: 27,
      },
    });
    assert.deepEqual(
      parseDecode('--- 0x40376321: heap_caps_malloc at C:/idf/heap caps.c:84 (discriminator 2)'),
      {
        kind: 'symbol',
        symbol: {
          address: 0x40376321,
          function: 'heap_caps_malloc',
          file: 'C:/idf/heap caps.c',
          fileLine: 84,
        },
      },
    );
    assert.deepEqual(parseDecode('--- (inlined by) app_main at /p/main.c:9'), {
      kind: 'inlined',
      frame: { function: 'app_main', file: '/p/main.c', fileLine: 9 },
    });
    assert.equal(parseDecode(' (inlined by) app_main at /p/main.c:9')?.kind, 'inlined');
    assert.deepEqual(parseDecode('--- 0x40000f68: ets_printf in ROM'), {
      kind: 'symbol',
      symbol: { address: 0x40000f68, function: 'ets_printf', file: '', fileLine: 0, rom: true },
    });
    assert.deepEqual(parseDecode('--- 0x4200a1b2: (unknown)'), {
      kind: 'unknown',
      address: 0x4200a1b2,
    });
    assert.deepEqual(parseDecode('0x4200a1b2: ?? ??:0'), { kind: 'unknown', address: 0x4200a1b2 });
    assert.equal(parseDecode('--- Warning: Writing to serial is timing out.'), null);
  });
});

describe('notes and chip detection', () => {
  test('corruption, dumps and aborts are named on their text event', () => {
    assert.deepEqual(
      noteFor(
        'esp32s3',
        'CORRUPT HEAP: Bad tail at 0x3fc943d7. Expected 0xbaad5678 got 0xbaad0404',
      ),
      {
        note: 'corruptHeap',
        address: 0x3fc943d7,
        memory: 'internal',
      },
    );
    assert.deepEqual(
      noteFor(
        'esp32',
        'Block 0x3ffb3124 data size 0x00000010 bytes next block 0x3ffb3138 FREE. Next free 0x3ffb5b10',
      ),
      {
        note: 'heapDumpBlock',
        address: 0x3ffb3124,
        memory: 'internal',
        blockSize: 16,
        blockFree: true,
      },
    );
    assert.equal(
      noteFor(null, 'assertion "head != NULL" failed: file "x.c", line 201')?.note,
      'assert',
    );
    assert.equal(noteFor(null, 'hello'), null);
  });
  test('chip from ROM banners, bootloader tags, hello_world and esptool', () => {
    assert.equal(chipFromText('ESP-ROM:esp32c3-api1-20210207'), 'esp32c3');
    assert.equal(chipFromText('ESP-ROM:esp32c2-20211013'), null);
    assert.equal(chipFromText('ets Jun  8 2016 00:22:57'), 'esp32');
    assert.equal(chipFromText('This is esp32p4 chip with 2 CPU core(s), '), 'esp32p4');
    assert.equal(chipFromText('Chip is ESP32-D0WD-V3 (revision v3.0)'), 'esp32');
    assert.equal(chipFromLog('boot.esp32h2', 'SPI Speed      : 64MHz'), 'esp32h2');
    assert.equal(chipFromProductName('ESP32-S3'), 'esp32s3');
    assert.equal(chipFromProductName('ESP32-C5'), null);
  });
});
