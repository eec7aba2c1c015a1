/**
 * What a heap needs from its block allocator (TLSF or the legacy multi_heap implement it); how a
 * heap is laid out per ESP-IDF generation is in heapLayout.ts.
 */
import type { TlsfGeneration } from './tlsfGeometry';

export interface PoolBlock {
  ptr: number;
  size: number;
  free: boolean;
}

export interface BlockPool {
  /** User pointer, or 0 when the request does not fit. */
  malloc(n: number): number;
  /** The byte at `ptr + offset` is aligned to `align`. */
  memalign(align: number, n: number, offset?: number): number;
  /** Size of the freed block, or -1 for an unknown pointer. */
  free(ptr: number): number;
  blockSize(ptr: number): number;
  /** `largest_free_block` as `multi_heap_get_info` reports it. */
  reportedLargest(): number;
  blocks(): PoolBlock[];
  readonly usedBlocks: number;
  readonly freeBlocks: number;
  /** Change of the heap's `free_bytes` caused by the last malloc/memalign/free. */
  readonly lastCharge: number;
}

export type AllocatorGeneration = TlsfGeneration | { kind: 'legacy' };
