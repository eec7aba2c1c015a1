import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { heapByLabel, run } from './helpers';
import type { ScenarioInput } from '../../../server/sim/scenario';

type Steps = ScenarioInput['steps'];
const s3 = (steps: Steps, extra: Partial<ScenarioInput> = {}) =>
  run({ chip: 'esp32s3', idfVersion: '5.3', psramSize: '8MB', steps, ...extra });
const malloc = (label: string, size: number, count = 1): Steps[number] => ({
  op: 'allocate',
  label,
  method: 'malloc',
  size,
  count,
});
const caps = (label: string, size: number, c: string, count = 1): Steps[number] => ({
  op: 'allocate',
  label,
  method: 'heap_caps_malloc',
  size,
  caps: c,
  count,
});

function rowsOf(r: ReturnType<typeof run>, label: string) {
  return r.result.allocations.filter((a) => a.label === label);
}

describe('malloc() policy: inclusive CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL (docs/reference/malloc-policy.md C2)', () => {
  test('default 16384: 16383 and 16384 stay internal, 16385 goes to PSRAM', () => {
    const r = s3([malloc('a', 16383), malloc('b', 16384), malloc('c', 16385)]);
    assert.deepEqual(
      ['a', 'b', 'c'].map((l) => rowsOf(r, l)[0].memory),
      ['internal', 'internal', 'psram'],
    );
  });

  test('a configured threshold of 4096 moves the edge', () => {
    const r = s3([malloc('a', 4095), malloc('b', 4096), malloc('c', 4097)], {
      sdkconfig: { CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: 4096 },
    });
    assert.deepEqual(
      ['a', 'b', 'c'].map((l) => rowsOf(r, l)[0].memory),
      ['internal', 'internal', 'psram'],
    );
  });

  test('USE_CAPS_ALLOC: malloc stays internal whatever the size; PSRAM only by caps', () => {
    const r = s3([malloc('big', 20000), caps('ext', 20000, 'MALLOC_CAP_SPIRAM')], {
      sdkconfig: { CONFIG_SPIRAM_USE_CAPS_ALLOC: true },
    });
    assert.equal(rowsOf(r, 'big')[0].memory, 'internal');
    assert.equal(rowsOf(r, 'ext')[0].memory, 'psram');
    assert.equal(r.result.heaps.filter((h) => h.label === 'RESERVE').length, 0);
  });

  test('USE_MEMMAP: no PSRAM heap, SPIRAM requests fail with an allocFailed event', () => {
    const r = s3([caps('ext', 100, 'SPIRAM')], { sdkconfig: { CONFIG_SPIRAM_USE_MEMMAP: true } });
    assert.equal(heapByLabel(r.result.heaps, 'SPIRAM').length, 0);
    assert.equal(rowsOf(r, 'ext')[0].ok, false);
    const failed = r.events.find((e) => e.kind === 'allocFailed');
    assert.equal(failed?.kind === 'allocFailed' && failed.caps, 0x400);
  });
});

describe('heap_caps_malloc search order (docs/reference/malloc-policy.md C3, C4)', () => {
  const esp32 = (steps: Steps) =>
    run({ chip: 'esp32', idfVersion: '5.3', psramSize: '4MB', steps });

  test('ESP32: MALLOC_CAP_DEFAULT goes to PSRAM first (head of the list, DEFAULT at priority 0)', () => {
    const r = esp32([caps('d', 64, 'DEFAULT')]);
    assert.equal(rowsOf(r, 'd')[0].memory, 'psram');
  });

  test('ESP32: MALLOC_CAP_32BIT lands in IRAM first', () => {
    const r = esp32([caps('w', 64, '32BIT')]);
    assert.equal(rowsOf(r, 'w')[0].memory, 'iram');
  });

  test('ESP32: DMA requests take the reserve pool first; plain malloc never does', () => {
    const r = esp32([caps('dma', 64, 'DMA'), caps('fr', 64, 'INTERNAL|8BIT'), malloc('m', 64)]);
    assert.equal(rowsOf(r, 'dma')[0].heap?.startsWith('RESERVE'), true);
    assert.equal(rowsOf(r, 'fr')[0].heap?.startsWith('DRAM'), true);
    assert.equal(rowsOf(r, 'm')[0].heap?.startsWith('DRAM'), true);
  });

  test('ESP32-S3 v5.2+: DMA requests use the RAM heaps at priority 0 before the reserve pool', () => {
    const r = s3([caps('dma', 64, 'DMA|INTERNAL')]);
    assert.equal(rowsOf(r, 'dma')[0].heap?.startsWith('RAM'), true);
  });

  test('EXEC with 8BIT is refused; EXEC from ESP32 IRAM works', () => {
    const r = esp32([caps('bad', 64, 'EXEC|8BIT'), caps('code', 64, 'EXEC')]);
    assert.equal(rowsOf(r, 'bad')[0].ok, false);
    assert.equal(rowsOf(r, 'code')[0].memory, 'iram');
  });
});

describe('when a heap is full', () => {
  test('internal full: small mallocs fall back to PSRAM; the reserve pool is untouched', () => {
    const r = run({
      chip: 'esp32',
      idfVersion: '5.3',
      psramSize: '4MB',
      steps: [malloc('fill', 100, 4000)],
    });
    const rows = rowsOf(r, 'fill');
    assert.ok(rows.every((x) => x.ok));
    assert.ok(rows.some((x) => x.memory === 'psram' && x.fallback));
    const reserve = heapByLabel(r.result.heaps, 'RESERVE')[0];
    assert.equal(reserve.free, reserve.initialFree);
  });

  test('PSRAM full: the PSRAM factory and large mallocs fall back to internal RAM', () => {
    const r = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      psramSize: '2MB',
      steps: [
        caps('hog', 100, 'SPIRAM', 21_000),
        { op: 'allocate', label: 'f', method: 'psram_factory', size: 96, count: 10 },
        malloc('big', 20000),
      ],
    });
    // 104 B per block: about 20,145 fit, the rest of the hog fails.
    assert.ok(rowsOf(r, 'hog').some((x) => !x.ok));
    const psram = heapByLabel(r.result.heaps, 'SPIRAM')[0];
    assert.ok(psram.largestFreeBlock < 20000);
    assert.ok(rowsOf(r, 'f').every((x) => x.memory === 'internal' && x.fallback));
    assert.equal(rowsOf(r, 'big')[0].memory, 'internal');
    assert.equal(rowsOf(r, 'big')[0].fallback, true);
  });

  test('everything full: the failure is reported with the caps of the last attempt', () => {
    const r = run({ chip: 'esp32c3', idfVersion: '5.3', steps: [malloc('huge', 500_000)] });
    assert.equal(r.result.failures, 1);
    const failed = r.events.find((e) => e.kind === 'allocFailed');
    assert.ok(failed && failed.kind === 'allocFailed');
    assert.equal(failed.caps, 0x1800);
    assert.equal(failed.function, 'heap_caps_malloc_default');
  });
});

describe('v5.3+ DMA caps adjustment (docs/reference/malloc-policy.md C3 step 2)', () => {
  const spiramDma = (idfVersion: string) =>
    run({
      chip: 'esp32s3',
      idfVersion,
      psramSize: '8MB',
      steps: [caps('buf', 4096, 'SPIRAM|DMA'), caps('desc', 64, 'DMA_DESC_AHB|INTERNAL')],
    }).result.allocations;
  test('v5.3: SPIRAM|DMA becomes a SPIRAM allocation, descriptor caps become DMA', () => {
    const rows = spiramDma('5.3');
    assert.equal(rows.find((a) => a.label === 'buf')?.memory, 'psram');
    assert.equal(rows.find((a) => a.label === 'desc')?.memory, 'internal');
  });
  test('v5.2: no heap has SPIRAM and DMA, so it fails', () => {
    assert.equal(spiramDma('5.2').find((a) => a.label === 'buf')?.ok, false);
  });
});

describe('aligned requests', () => {
  test('alignof(T) > 4 through the PSRAM factory uses an aligned allocation, also with poisoning', () => {
    for (const poison of [false, true]) {
      const r = s3(
        [{ op: 'allocate', label: 'v', method: 'psram_factory', size: 64, align: 16, count: 5 }],
        {
          sdkconfig: { CONFIG_HEAP_POISONING_LIGHT: poison },
        },
      );
      for (const a of rowsOf(r, 'v')) {
        assert.equal(a.memory, 'psram');
        assert.equal((a.address ?? 1) % 16, 0);
      }
    }
  });
});
