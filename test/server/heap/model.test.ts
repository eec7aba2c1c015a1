import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeapEvent } from '../../../server/protocol/events';
import { HeapModel } from '../../../server/heap/model';

const boot: HeapEvent[] = [
  {
    kind: 'heapRegion',
    line: 1,
    time: 100,
    address: 0x3fc94be8,
    length: 0x54b28,
    label: 'RAM',
    memory: 'internal',
    dma: true,
  },
  {
    kind: 'heapRegion',
    line: 2,
    time: 101,
    address: 0x3fcf0000,
    length: 0x8000,
    label: 'DRAM',
    memory: 'internal',
    dma: true,
  },
  {
    kind: 'heapRegion',
    line: 3,
    time: 102,
    address: 0x600fe100,
    length: 0x1ee8,
    label: 'RTCRAM',
    memory: 'rtc',
    dma: false,
  },
  { kind: 'psramPool', line: 4, time: 110, bytes: 8 * 1024 * 1024 },
];

function feed(events: HeapEvent[]): HeapModel {
  const m = new HeapModel({ chip: 'esp32s3' });
  for (const e of events) m.apply(e);
  return m;
}

describe('HeapModel', () => {
  test('boot regions give per-kind totals derived from their lengths', () => {
    const s = feed(boot).snapshot();
    const dma = s.summary.find((k) => k.kind === 'internalDma');
    assert.equal(dma?.total, 0x54b28 + 0x8000);
    assert.equal(dma?.source, 'derived');
    assert.equal(s.summary.find((k) => k.kind === 'psram')?.total, 8388608);
    assert.equal(s.summary.find((k) => k.kind === 'rtc')?.total, 0x1ee8);
    assert.equal(s.regions.length, 3);
  });

  test('live allocations are tracked, charged to their region and released on free', () => {
    const m = feed([
      ...boot,
      { kind: 'allocation', line: 5, time: 200, address: 0x3c0a1234, size: 108, memory: 'psram' },
      {
        kind: 'allocation',
        line: 6,
        time: 201,
        address: 0x3fc9a000,
        size: 96,
        memory: 'internal',
        charged: 112,
      },
    ]);
    let s = m.snapshot();
    assert.equal(s.summary.find((k) => k.kind === 'psram')?.free, 8388608 - 108);
    assert.equal(s.summary.find((k) => k.kind === 'internalDma')?.free, 0x54b28 + 0x8000 - 112);
    assert.equal(m.allocations().filter((r) => r.live).length, 2);
    m.apply({ kind: 'deallocation', line: 7, time: 202, address: 0x3fc9a000, memory: 'internal' });
    s = m.snapshot();
    assert.equal(s.summary.find((k) => k.kind === 'internalDma')?.free, 0x54b28 + 0x8000);
    const rows = m.allocations();
    assert.deepEqual(
      rows.map((r) => [r.address, r.live, r.region]),
      [
        [0x3c0a1234, true, null],
        [0x3fc9a000, false, 'RAM'],
      ],
    );
    assert.equal(rows[1].freedLine, 7);
    assert.equal(s.liveBytes?.psram, 108);
  });

  test('a heap info report replaces derived figures and nested heaps are the reserve pool', () => {
    const m = feed([
      ...boot,
      {
        kind: 'heapInfo',
        line: 10,
        time: 300,
        caps: 0x800,
        complete: true,
        totals: { free: 300000, allocated: 40000, minFree: 290000, largestFreeBlock: 200000 },
        regions: [
          {
            address: 0x3fc94be8,
            length: 346920,
            free: 280000,
            allocated: 60000,
            minFree: 270000,
            largestFreeBlock: 200000,
            allocBlocks: 10,
            freeBlocks: 2,
            totalBlocks: 12,
            memory: 'internal',
            dma: true,
          },
          {
            address: 0x3fcb0000,
            length: 32767,
            free: 31000,
            allocated: 0,
            minFree: 31000,
            largestFreeBlock: 30720,
            allocBlocks: 0,
            freeBlocks: 1,
            totalBlocks: 1,
            memory: 'internal',
            dma: true,
          },
        ],
      },
      {
        kind: 'log',
        line: 11,
        time: 301,
        level: 'I',
        timestamp: 301,
        tag: 'esp_psram',
        message: 'Reserving pool of 32K of internal memory for DMA/internal allocations',
        psram: { fact: 'reserve', bytes: 32768 },
      },
    ]);
    const s = m.snapshot();
    const ram = s.regions.find((r) => r.address === 0x3fc94be8);
    assert.equal(ram?.free, 280000);
    assert.equal(ram?.minFree, 270000);
    const pool = s.regions.find((r) => r.address === 0x3fcb0000);
    assert.equal(pool?.label, 'reserve pool');
    const dma = s.summary.find((k) => k.kind === 'internalDma');
    // The reserve pool is not counted twice in the total but its free bytes are free.
    assert.equal(dma?.total, 0x54b28 + 0x8000);
    assert.equal(dma?.free, 280000 + 31000 + 0x8000);
    assert.equal(s.reservePool, 32768);
    assert.ok(s.timeline.length > 0);
    assert.equal(s.timeline[s.timeline.length - 1].internalFree, 280000 + 31000 + 0x8000);
  });

  test('failures are marked, benign malloc(0) ones are not, and warnings follow', () => {
    const m = feed([
      ...boot,
      {
        kind: 'allocFailed',
        line: 20,
        time: 400,
        size: 40000,
        caps: 0x1800,
        function: 'heap_caps_malloc',
        source: 'failedAllocCallback',
      },
      {
        kind: 'allocFailed',
        line: 21,
        time: 401,
        size: 0,
        caps: 0x1800,
        function: 'heap_caps_malloc',
        source: 'failedAllocCallback',
        benign: true,
      },
    ]);
    const s = m.snapshot();
    assert.deepEqual(s.failures, [
      {
        time: 400,
        line: 20,
        size: 40000,
        caps: 0x1800,
        capsText: 'INTERNAL|DEFAULT',
        source: 'failedAllocCallback',
      },
    ]);
    assert.deepEqual(
      s.warnings.map((w) => w.code),
      ['allocFailures'],
    );
  });

  test('heap trace records become rows with the user-code caller', () => {
    const m = feed([
      ...boot,
      {
        kind: 'heapTrace',
        line: 30,
        declaredRecords: 1,
        capacity: 64,
        complete: true,
        summary: null,
        records: [
          {
            size: 108,
            address: 0x3fc9a1b0,
            memory: 'internal',
            cpu: 0,
            ccount: 0x12ab34c8,
            callers: [0x42008a10, 0x42009b22],
            symbols: [
              {
                address: 0x42008a10,
                function: 'operator new(unsigned int)',
                file: '/builds/idf/crosstool-NG/.build/xtensa-esp-elf/src/gcc/libstdc++-v3/libsupc++/new_op.cc',
                fileLine: 50,
              },
              {
                address: 0x42009b22,
                function: 'app::makeFrames(unsigned int)',
                file: '/home/dev/webrtc-streamer/main/track.cpp',
                fileLine: 21,
              },
            ],
          },
        ],
      },
    ]);
    const [row] = m.allocations();
    assert.equal(row.source, 'trace');
    assert.equal(row.caller?.file, '/home/dev/webrtc-streamer/main/track.cpp');
    assert.equal(row.region, 'RAM');
  });

  test('the caller may be an inlined frame (make_shared inlined into user code)', () => {
    const m = feed([
      {
        kind: 'heapTrace',
        line: 40,
        declaredRecords: 1,
        capacity: 8,
        complete: true,
        summary: null,
        records: [
          {
            size: 52,
            address: 0x3fcb25d4,
            memory: 'internal',
            cpu: 0,
            ccount: 0,
            callers: [0x42057a3e, 0x4200b2f6],
            symbols: [
              {
                address: 0x42057a3e,
                function: 'operator new(unsigned int)',
                file: '/builds/idf/crosstool-NG/.build/xtensa-esp-elf/src/gcc/libstdc++-v3/libsupc++/new_op.cc',
                fileLine: 50,
              },
              {
                address: 0x4200b2f6,
                function: 'std::__new_allocator<T>::allocate(unsigned int, void const*)',
                file: '/home/dev/.espressif/tools/xtensa-esp-elf/include/c++/13.2.0/bits/new_allocator.h',
                fileLine: 151,
                inlinedBy: [
                  {
                    function: 'app_main',
                    file: '/home/dev/webrtc-streamer/main/main.cpp',
                    fileLine: 16,
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
    assert.deepEqual(m.allocations()[0].caller, {
      address: 0x4200b2f6,
      function: 'app_main',
      file: '/home/dev/webrtc-streamer/main/main.cpp',
      fileLine: 16,
    });
  });

  test('the timeline never goes back in time when the device clock does', () => {
    const m = feed([
      ...boot,
      { kind: 'allocation', line: 5, time: 1300, address: 0x3c0a0000, size: 8, memory: 'psram' },
      { kind: 'allocation', line: 6, time: 0, address: 0x3c0a0100, size: 8, memory: 'psram' },
      { kind: 'allocation', line: 7, time: 1400, address: 0x3c0a0200, size: 8, memory: 'psram' },
    ]);
    const times = m.snapshot().timeline.map((p) => p.time);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(times[times.length - 1], 1400);
  });

  test('memory stays bounded on endless alloc/free streams', () => {
    const m = new HeapModel({ chip: 'esp32s3', maxFreedRows: 100, maxTimelinePoints: 50 });
    for (const e of boot) m.apply(e);
    for (let i = 0; i < 5000; i++) {
      m.apply({
        kind: 'allocation',
        line: 100 + 2 * i,
        time: 1000 + i,
        address: 0x3c000000 + 16 * i,
        size: 8,
        memory: 'psram',
      });
      m.apply({
        kind: 'deallocation',
        line: 101 + 2 * i,
        time: 1000 + i,
        address: 0x3c000000 + 16 * i,
        memory: 'psram',
      });
    }
    const s = m.snapshot();
    assert.ok(m.allocations().length <= 100);
    assert.ok(s.timeline.length <= 50);
    assert.equal(s.timeline[0].time, 100);
    assert.equal(s.timeline[s.timeline.length - 1].time, 5999);
    assert.equal(m.totalAllocationsSeen, 5000);
  });
});

describe('HeapModel change journal', () => {
  test('takeChanges reports new rows, liveness changes and evictions once, and equals a full re-read', () => {
    const m = new HeapModel({ chip: 'esp32s3', maxFreedRows: 3 });
    const alloc = (i: number) =>
      m.apply({
        kind: 'allocation',
        line: i,
        address: 0x3c000000 + 64 * i,
        size: 8,
        memory: 'psram',
      });
    const free = (i: number) =>
      m.apply({
        kind: 'deallocation',
        line: 100 + i,
        address: 0x3c000000 + 64 * i,
        memory: 'psram',
      });
    for (let i = 0; i < 5; i++) alloc(i);
    const first = m.takeChanges();
    assert.deepEqual(
      first.rows.map((r) => [r.id, r.live]),
      [
        [1, true],
        [2, true],
        [3, true],
        [4, true],
        [5, true],
      ],
    );
    assert.deepEqual(first.removed, []);
    assert.deepEqual(m.takeChanges(), { rows: [], removed: [] });
    for (let i = 0; i < 5; i++) free(i);
    const second = m.takeChanges();
    // Rows 1 and 2 were freed and then evicted by the cap of 3 freed rows: only their removal shows.
    assert.deepEqual(
      second.rows.map((r) => [r.id, r.live]),
      [
        [3, false],
        [4, false],
        [5, false],
      ],
    );
    assert.deepEqual(second.removed, [1, 2]);
    assert.deepEqual(
      m.allocations().map((r) => r.id),
      [3, 4, 5],
    );
  });
});
