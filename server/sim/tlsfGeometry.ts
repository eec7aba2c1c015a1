/**
 * TLSF geometry of one heap: first/second-level index sizes and the control-structure cost a heap
 * pays up front (docs/reference/allocator-overhead.md D3), plus `tlsf_fit_size` (what IDF reports
 * as `largest_free_block`).
 *
 * - v5.1+ IDF TLSF (espressif/tlsf ≥ 8c9cd05): geometry computed per heap from its size. -
 * v4.3–v5.0, and the ROM TLSF of C6/H2: SL = 32 classes and a fixed FL_INDEX_MAX per build.
 */
export type TlsfGeneration = { kind: 'dynamic' } | { kind: 'static'; flIndexMax: number };

export interface TlsfGeometry {
  slLog2: number;
  slCount: number;
  /** FL_INDEX_SHIFT = SLlog2 + log2(ALIGN_SIZE). */
  flShift: number;
  flCount: number;
  /** block_size_max = 2^flIndexMax. */
  flIndexMax: number;
  smallBlockSize: number;
  /** Bytes of `control_t` + bitmaps + list heads, taken from the heap before the pool. */
  controlSize: number;
}

/** `heap_t` of multi_heap, in front of the TLSF control structure. */
export const HEAP_T_SIZE = 20;
/** TLSF block header word charged per block; block_size_min = 16-byte header − one pointer. */
export const BLOCK_HEADER_OVERHEAD = 4;
export const BLOCK_SIZE_MIN = 12;
/** sizeof(block_header_t): a free block is split only if the rest holds a whole header. */
export const BLOCK_HEADER_SIZE = 16;
/** First block header word + zero-size sentinel. */
export const POOL_OVERHEAD = 8;
export const ALIGN_SIZE = 4;

export function bitLength(n: number): number {
  return n <= 0 ? 0 : 32 - Math.clz32(n);
}

export function geometryFor(bytes: number, gen: TlsfGeneration): TlsfGeometry {
  if (gen.kind === 'static') {
    const slLog2 = 5;
    const flShift = slLog2 + 2;
    const flCount = gen.flIndexMax - flShift + 1;
    return {
      slLog2,
      slCount: 1 << slLog2,
      flShift,
      flCount,
      flIndexMax: gen.flIndexMax,
      smallBlockSize: 1 << flShift,
      controlSize: 20 + flCount * (4 + 4 * (1 << slLog2)),
    };
  }
  const flIndexMax = bitLength(bytes);
  const slLog2 = bytes <= 16 * 1024 ? 3 : bytes <= 256 * 1024 ? 4 : 5;
  const flShift = slLog2 + 2;
  const flCount = flIndexMax - flShift + 1;
  const slCount = 1 << slLog2;
  return {
    slLog2,
    slCount,
    flShift,
    flCount,
    flIndexMax,
    smallBlockSize: 1 << flShift,
    controlSize: 36 + 4 * flCount + 4 * flCount * slCount,
  };
}

/** `adjust_request_size`: 0 for 0 or too-large requests, else max(align4(n), 12). */
export function adjustRequest(n: number, g: TlsfGeometry, align = ALIGN_SIZE): number {
  if (n <= 0) return 0;
  const aligned = Math.ceil(n / align) * align;
  if (aligned >= 2 ** g.flIndexMax) return 0;
  return Math.max(aligned, BLOCK_SIZE_MIN);
}

/** `tlsf_fit_size`: the largest request guaranteed to fit in a free block of `size` (good-fit rounding). */
export function fitSize(size: number, g: TlsfGeometry): number {
  if (size <= 0) return 0;
  if (size < g.smallBlockSize) {
    return Math.max(Math.ceil(size / ALIGN_SIZE) * ALIGN_SIZE, BLOCK_SIZE_MIN);
  }
  const interval = 2 ** (bitLength(size) - 1) / g.slCount;
  return size - (size % interval);
}
