import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LegacyPool } from '../../../server/sim/legacyPool';
import { layoutHeap } from '../../../server/sim/heapLayout';
import { heapByLabel, run } from './helpers';

describe('pre-TLSF multi_heap, v3.x – v4.2 (docs/reference/allocator-overhead.md D7)', () => {
  test('a heap loses 36 bytes: ESP32-S2 v4.2 PSRAM shows 2097112 free of 2097151 total', () => {
    const { heaps, totals } = run({
      chip: 'esp32s2',
      idfVersion: '4.2',
      psramSize: '2MB',
      steps: [],
    }).result;
    const psram = heapByLabel(heaps, 'SPIRAM')[0];
    assert.deepEqual([psram.size, psram.free], [2097151, 2097112]);
    // Internal total of that log: the two DRAM regions plus the 32767-byte reserve pool.
    assert.equal(totals.internal.size, 295359);
  });

  test('costs round_up(n, 4) + 4 with no 12-byte minimum; a whole block when less than 8 bytes would remain', () => {
    const layout = layoutHeap(0x3ffb0000, 1000, { kind: 'legacy' }, false);
    assert.ok(layout);
    const p = layout.pool;
    assert.equal(layout.initialFree, 964);
    const a = p.malloc(1);
    assert.equal(p.lastCharge, 8);
    const b = p.malloc(100);
    assert.equal(b - a, 8);
    assert.equal(p.lastCharge, 104);
    const rest = p.reportedLargest();
    p.malloc(rest - 4);
    // 4 bytes would remain: the whole block goes.
    assert.equal(p.lastCharge, rest);
    assert.equal(p.reportedLargest(), 0);
  });

  test('best fit: the smallest free block that holds the request', () => {
    const layout = layoutHeap(0x3ffb0000, 4000, { kind: 'legacy' }, false);
    assert.ok(layout);
    const p = layout.pool;
    const big = p.malloc(200);
    p.malloc(8);
    const small = p.malloc(40);
    p.malloc(8);
    p.free(big);
    p.free(small);
    assert.equal(p.malloc(36), small);
  });

  test('property: allocate then free everything in any order restores the heap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (sizes, perm) => {
          const p = new LegacyPool(0x3ffb0000, 16384);
          const initial = p.blocks();
          const ptrs = sizes.map((n) => p.malloc(n)).filter((x) => x !== 0);
          for (let i = 0; i < ptrs.length; i++) {
            const j = i + ((perm[i] ?? 0) % (ptrs.length - i));
            [ptrs[i], ptrs[j]] = [ptrs[j], ptrs[i]];
          }
          for (const x of ptrs) assert.ok(p.free(x) >= 0);
          assert.deepEqual(p.blocks(), initial);
        },
      ),
      { numRuns: 200 },
    );
  });
});
