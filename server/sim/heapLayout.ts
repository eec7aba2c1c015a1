/**
 * How each ESP-IDF generation lays a heap out: v4.3+ TLSF (`heap_t` 20 B + control structure +
 * pool) or the pre-TLSF multi_heap of v3.x–v4.2.
 */
import type { AllocatorGeneration, BlockPool } from './blockPool';
import { LEGACY_HEAP_OVERHEAD, LegacyPool } from './legacyPool';
import { TlsfPool } from './tlsf';
import { BLOCK_SIZE_MIN, HEAP_T_SIZE, POOL_OVERHEAD, geometryFor } from './tlsfGeometry';

export interface HeapLayout {
  pool: BlockPool;
  /** Bytes of allocator structures in front of the pool (TLSF control; 0 for the legacy heap). */
  controlSize: number;
  /** `free_bytes` right after registration. */
  initialFree: number;
}

/**
 * `multi_heap_register` for a region: null when the region cannot hold the heap structures and
 * one minimum block (it is still listed at boot, as on the device).
 */
export function layoutHeap(
  address: number,
  length: number,
  gen: AllocatorGeneration,
  chargeHeader: boolean,
): HeapLayout | null {
  if (gen.kind === 'legacy') {
    const start = Math.ceil(address / 4) * 4;
    const span = Math.floor((address + length) / 4) * 4 - start;
    if (span < LEGACY_HEAP_OVERHEAD + 4) return null;
    return {
      pool: new LegacyPool(start, span),
      controlSize: 0,
      initialFree: span - LEGACY_HEAP_OVERHEAD,
    };
  }
  const bytes = length - HEAP_T_SIZE;
  if (bytes <= 0) return null;
  const g = geometryFor(bytes, gen);
  if (g.flCount <= 0 || bytes < g.controlSize + BLOCK_SIZE_MIN + POOL_OVERHEAD) return null;
  return {
    pool: new TlsfPool(
      g,
      address + HEAP_T_SIZE + g.controlSize,
      bytes - g.controlSize,
      chargeHeader,
    ),
    controlSize: g.controlSize,
    initialFree: bytes - g.controlSize,
  };
}
