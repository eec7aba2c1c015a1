import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TlsfPool } from '../../../server/sim/tlsf';
import { fitSize, geometryFor, HEAP_T_SIZE } from '../../../server/sim/tlsfGeometry';

/** A pool laid out like multi_heap_register does it for a region of `length` bytes at `address`. */
function pool(length: number, address = 0x3ffb0000) {
  const g = geometryFor(length - HEAP_T_SIZE, { kind: 'dynamic' });
  return {
    g,
    p: new TlsfPool(g, address + HEAP_T_SIZE + g.controlSize, length - HEAP_T_SIZE - g.controlSize),
  };
}

describe('TLSF geometry (docs/reference/allocator-overhead.md D3, v5.1+)', () => {
  // Worked values of the reference table: region length → control, free at init, largest at init.
  const table: [number, number, number, number][] = [
    [6432, 360, 6052, 5632],
    [15072, 396, 14656, 14336],
    [22308, 716, 21572, 21504],
    [32768, 716, 32032, 31744],
    [113840, 852, 112968, 110592],
    [185656, 920, 184716, 180224],
    [346920, 1752, 345148, 344064],
    [2 * 1024 * 1024, 2016, 2095116, 2064384],
    [4 * 1024 * 1024, 2148, 4192136, 4128768],
    [8 * 1024 * 1024, 2280, 8386308, 8257536],
    [16 * 1024 * 1024, 2412, 16774784, 16515072],
  ];
  for (const [length, control, free, largest] of table) {
    test(`region of ${length} bytes`, () => {
      const { g, p } = pool(length);
      assert.equal(g.controlSize, control);
      assert.equal(length - HEAP_T_SIZE - control, free);
      assert.equal(fitSize(p.largestFree(), g), largest);
    });
  }

  test('static v4.3–v5.0 control: 20 + 132 × (FL_INDEX_MAX − 6)', () => {
    assert.equal(geometryFor(1000, { kind: 'static', flIndexMax: 18 }).controlSize, 1604);
    assert.equal(geometryFor(1000, { kind: 'static', flIndexMax: 19 }).controlSize, 1736);
    assert.equal(geometryFor(1000, { kind: 'static', flIndexMax: 22 }).controlSize, 2132);
    // Real ESP32 v4.x row: len 15072 → free 13448, largest 13312.
    const g = geometryFor(15072 - 20, { kind: 'static', flIndexMax: 18 });
    const p = new TlsfPool(g, 0x3ffe0440 + 20 + g.controlSize, 15072 - 20 - g.controlSize);
    assert.equal(15072 - 20 - g.controlSize, 13448);
    assert.equal(fitSize(p.largestFree(), g), 13312);
  });

  test('fitSize rounds down to the second-level class (good fit), small sizes to 4', () => {
    const g = geometryFor(100000, { kind: 'dynamic' });
    assert.equal(g.slCount, 16);
    assert.equal(fitSize(14648, g), 14336);
    assert.equal(fitSize(4095, g), 3968);
    assert.equal(fitSize(50, g), 52);
    assert.equal(fitSize(5, g), 12);
  });
});

describe('TLSF blocks (docs/reference/allocator-overhead.md D2, D8)', () => {
  test('blocks are max(align4(n), 12) and consecutive pointers are block + 4 apart', () => {
    const { p } = pool(185656);
    const sizes = [1, 12, 13, 16, 96, 100, 4096];
    const ptrs = sizes.map((n) => p.malloc(n));
    const blocks = ptrs.map((x) => p.blockSize(x));
    assert.deepEqual(blocks, [12, 12, 16, 16, 96, 100, 4096]);
    for (let i = 1; i < ptrs.length; i++) assert.equal(ptrs[i] - ptrs[i - 1], blocks[i - 1] + 4);
  });

  test('a free block is split only if the rest holds a 16-byte header; else the tail goes with it', () => {
    const { p } = pool(6432);
    const a = p.malloc(100);
    const b = p.malloc(40);
    p.malloc(20);
    p.free(b); // a 40-byte hole between a and c
    // 28 + 16 > 40: the whole 40-byte block is handed out.
    const c = p.malloc(28);
    assert.equal(c, a + 104);
    assert.equal(p.blockSize(c), 40);
    p.free(c);
    // 24 + 16 = 40: split, the 12-byte rest stays free.
    const d = p.malloc(24);
    assert.equal(p.blockSize(d), 24);
    assert.ok(p.blocks().some((x) => x.free && x.size === 12));
  });

  test('free coalesces with both neighbours', () => {
    const { p } = pool(32768);
    const before = p.blocks();
    const xs = [p.malloc(64), p.malloc(64), p.malloc(64)];
    p.free(xs[0]);
    p.free(xs[2]);
    assert.equal(p.freeBlocks, 2);
    p.free(xs[1]);
    assert.deepEqual(p.blocks(), before);
  });

  test('good fit: a request can fail although a free block that large exists', () => {
    const { g, p } = pool(8192);
    const total = p.largestFree();
    // One allocation leaves a free block that is not class-aligned; asking for exactly its size fails.
    p.malloc(total - 1000 - 4);
    const rest = p.largestFree();
    assert.ok(fitSize(rest, g) < rest);
    assert.equal(p.malloc(rest), 0);
    assert.notEqual(p.malloc(fitSize(rest, g)), 0);
  });

  test('memalign returns aligned pointers and gives the gap back', () => {
    const { p } = pool(32768);
    p.malloc(10);
    const x = p.memalign(64, 100);
    assert.equal(x % 64, 0);
    assert.ok(p.blockSize(x) >= 100);
    p.free(x);
    assert.equal(p.freeBlocks, 1);
  });

  test('memalign with a data offset aligns ptr + offset (the poisoning head)', () => {
    const { p } = pool(32768);
    p.malloc(10);
    for (const align of [8, 16, 64]) {
      const x = p.memalign(align, 100, 8);
      assert.equal((x + 8) % align, 0);
    }
  });

  test('property: allocating then freeing everything in any order restores the pool exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            size: fc.integer({ min: 0, max: 3000 }),
            align: fc.constantFrom(4, 4, 4, 8, 16, 64),
          }),
          {
            maxLength: 60,
          },
        ),
        fc.array(fc.nat(), { maxLength: 60 }),
        (reqs, perm) => {
          const { p } = pool(65536);
          const initial = p.blocks();
          const ptrs = reqs
            .map((r) => (r.align > 4 ? p.memalign(r.align, r.size) : p.malloc(r.size)))
            .filter((x) => x !== 0);
          // Free in an order drawn from `perm`.
          const order = ptrs.slice();
          for (let i = 0; i < order.length; i++) {
            const j = i + ((perm[i] ?? 0) % (order.length - i));
            [order[i], order[j]] = [order[j], order[i]];
          }
          for (const x of order) assert.ok(p.free(x) > 0);
          assert.deepEqual(p.blocks(), initial);
          assert.equal(p.usedBlocks, 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
