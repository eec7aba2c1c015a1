import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { heapByLabel, helloWorldMinFree, run } from './helpers';

/** Within 1 % of the reference figure. */
function near(actual: number, expected: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) <= expected * 0.01,
    `${what}: ${actual} is not within 1 % of ${expected}`,
  );
}

describe('boot: free per region after heap_caps_init (docs/reference/allocator-overhead.md D3, boot-heap.md F2)', () => {
  test('ESP32 v5.x hello_world regions', () => {
    const { heaps } = run({ chip: 'esp32', idfVersion: '5.3', boot: false, steps: [] }).result;
    const initial = Object.fromEntries(heaps.map((h) => [h.address.toString(16), h.initialFree]));
    assert.deepEqual(initial, {
      '3ffae6e0': 6052,
      '3ffb2ac8': 184716,
      '3ffe0440': 14656,
      '3ffe4350': 112968,
      '4008c1c0': 80600,
    });
    const diram = heaps.find((h) => h.address === 0x3ffe0440);
    assert.equal(diram?.largestFreeBlock, 14336);
  });

  test('ESP32 v4.4 (static TLSF control, 1604 B per heap): len 15072 → free 13448, largest 13312', () => {
    const { heaps } = run({ chip: 'esp32', idfVersion: '4.4.8', boot: false, steps: [] }).result;
    const h = heaps.find((x) => x.address === 0x3ffe0440);
    assert.equal(h?.free, 13448);
    assert.equal(h?.largestFreeBlock, 13312);
  });

  test('ESP32-S3 v5.4 regions: RAM 345148 / 21572, DRAM 32032', () => {
    const { heaps } = run({ chip: 'esp32s3', idfVersion: '5.4', boot: false, steps: [] }).result;
    assert.deepEqual(
      heapByLabel(heaps, 'RAM').map((h) => h.initialFree),
      [345148, 21572],
    );
    assert.equal(heapByLabel(heaps, 'DRAM')[0].initialFree, 32032);
    // The heap_t array (4 × 36 B) is the first allocation, in the first internal heap.
    assert.equal(heapByLabel(heaps, 'RAM')[0].free, 345148 - 148);
  });

  test('ESP32-C6 ROM TLSF (control 1736) with light poisoning: len 12116 → free 10348, len 16360 → 14592', () => {
    const { heaps } = run({
      chip: 'esp32c6',
      idfVersion: '5.3',
      boot: false,
      sdkconfig: { CONFIG_HEAP_POISONING_LIGHT: true },
      steps: [],
    }).result;
    assert.equal(heaps.find((h) => h.size === 12116)?.free, 10348);
    assert.equal(heaps.find((h) => h.size === 16360)?.free, 14592);
  });

  test('user regions from a log replace the chip table; v4.4 cannot register a 240-byte region', () => {
    const { heaps } = run({
      chip: 'esp32',
      idfVersion: '4.4',
      boot: false,
      regions: [
        { address: '3FFAFF10', length: '0x000000F0', label: 'DRAM' },
        { address: '0x3FFB6388', length: 0x1c78, label: 'DRAM' },
      ],
      steps: [],
    }).result;
    // The 240-byte region is listed at boot but cannot hold a heap.
    assert.deepEqual(
      heaps.map((h) => h.address),
      [0x3ffb6388],
    );
  });
});

describe("boot: hello_world 'Minimum free heap size' within 1 % (docs/reference/boot-heap.md F3)", () => {
  const cases: [Parameters<typeof helloWorldMinFree>[0], string, number][] = [
    ['esp32', '5.3', 305360],
    ['esp32s3', '5.4', 392156],
    ['esp32h2', '5.2', 264784],
    ['esp32p4', '5.5.1', 468476],
    ['esp32c3', '6.0.1', 340124],
  ];
  for (const [chip, version, expected] of cases) {
    test(`${chip} v${version}: ${expected}`, () =>
      near(helloWorldMinFree(chip, version), expected, chip));
  }
});

describe('boot: PSRAM pool (docs/reference/boot-heap.md F2, F4)', () => {
  for (const [mb, free] of [
    [8, 8386308],
    [4, 4192136],
    [2, 2095116],
  ] as const) {
    test(`${mb} MB on ESP32-S3 v5.3 → ${free} free`, () => {
      const { heaps } = run({
        chip: 'esp32s3',
        idfVersion: '5.3',
        psramSize: `${mb}MB`,
        steps: [],
      }).result;
      const psram = heapByLabel(heaps, 'SPIRAM')[0];
      assert.equal(psram.size, mb * 1024 * 1024);
      assert.equal(psram.free, free);
    });
  }

  test('ESP32 maps at most 4 MB of an 8 MB chip', () => {
    const { result, events } = run({
      chip: 'esp32',
      idfVersion: '5.3',
      psramSize: '8MB',
      steps: [],
    });
    assert.equal(heapByLabel(result.heaps, 'SPIRAM')[0].size, 4 * 1024 * 1024);
    assert.ok(events.some((e) => e.kind === 'log' && e.message.includes('4MB is mapped')));
  });

  test('v4.4 registers the PSRAM heap one byte short', () => {
    const { heaps } = run({ chip: 'esp32', idfVersion: '4.4', psramSize: '4MB', steps: [] }).result;
    assert.equal(heapByLabel(heaps, 'SPIRAM')[0].size, 4 * 1024 * 1024 - 1);
  });

  test('esp_get_free_heap_size() after boot includes PSRAM and excludes the reserve pool (S3, 8 MB: ≈ 8734192)', () => {
    const { result } = run({ chip: 'esp32s3', idfVersion: '5.4', psramSize: '8MB', steps: [] });
    near(result.boot.defaultFreeAfterBoot, 8734192, 'free heap');
    const reserve = heapByLabel(result.heaps, 'RESERVE');
    assert.equal(reserve.length, 1);
    assert.equal(reserve[0].size, 32767);
    assert.equal(reserve[0].caps & 0x1000, 0);
    // Reserve and PSRAM heaps sit at the head of the list.
    assert.deepEqual(
      result.heaps.slice(0, 2).map((h) => h.label),
      ['RESERVE', 'SPIRAM'],
    );
  });
});
