/**
 * One registered heap as multi_heap sees it: its block pool (TLSF, or the pre-v4.3 allocator) and
 * the accounting `multi_heap_get_info` reports (docs/reference/allocator-overhead.md D1, D4, D5,
 * D7): free bytes as the pool charges them, lifetime minimum, `largest_free_block` (TLSF: rounded
 * by `tlsf_fit_size`), and the poisoning adjustments.
 */
import type { HeapInfoRegion } from '../protocol/events';
import type { MemoryKind } from '../target/chips';
import type { Caps3 } from './chipProfiles';
import type { AllocatorGeneration, BlockPool } from './blockPool';
import { layoutHeap } from './heapLayout';

/** Head canary + size (8 B) and tail canary (4 B) of light/comprehensive poisoning. */
export const POISON_OVERHEAD = 12;
const POISON_HEAD = 8;

export interface HeapAccounting {
  /** v4.4.2+: `free_bytes` also drops by the 4-byte block header. */
  chargeHeader: boolean;
  poisoning: boolean;
}

export interface HeapSpec {
  name: string;
  label: string;
  address: number;
  length: number;
  caps: Caps3;
  memory: MemoryKind;
  dma: boolean;
  origin: 'boot' | 'psram' | 'reserve';
  /** Position in the registered-heap list: boot heaps 0.., heaps added at run time go to the head (< 0). */
  order: number;
}

/** What `multi_heap_get_info` reports: the per-heap numbers of a `heapInfo` event's region rows. */
export type HeapInfo = Omit<HeapInfoRegion, 'address' | 'length' | 'memory' | 'dma'>;

export interface HeapAlloc {
  /** Address handed to the caller (after the poison head, if any). */
  address: number;
  /** TLSF block size (request rounded up, plus any unsplit tail). */
  block: number;
  /** Decrease of the heap's free bytes. */
  charged: number;
}

export class SimHeap {
  readonly capsUnion: number;
  readonly controlSize: number;
  readonly initialFree: number;
  private readonly pool: BlockPool;
  private freeBytes: number;
  private minFreeBytes: number;
  private allocated = 0;

  private constructor(
    readonly spec: HeapSpec,
    private readonly acct: HeapAccounting,
    layout: { pool: BlockPool; controlSize: number; initialFree: number },
  ) {
    this.capsUnion = (spec.caps[0] | spec.caps[1] | spec.caps[2]) >>> 0;
    this.pool = layout.pool;
    this.controlSize = layout.controlSize;
    this.freeBytes = layout.initialFree;
    this.minFreeBytes = layout.initialFree;
    this.initialFree = layout.initialFree;
  }

  /**
   * `multi_heap_register`: null when the region cannot hold the heap structures and one block
   * (it is still listed at boot, as on the device).
   */
  static create(spec: HeapSpec, acct: HeapAccounting, gen: AllocatorGeneration): SimHeap | null {
    const layout = layoutHeap(spec.address, spec.length, gen, acct.chargeHeader);
    return layout ? new SimHeap(spec, acct, layout) : null;
  }

  get name(): string {
    return this.spec.name;
  }

  /** `multi_heap_malloc` (align ≤ 4) or `multi_heap_aligned_alloc`; null when it does not fit. */
  malloc(n: number, align = 4): HeapAlloc | null {
    const request = this.acct.poisoning ? n + POISON_OVERHEAD : n;
    const head = this.acct.poisoning ? POISON_HEAD : 0;
    const ptr = align > 4 ? this.pool.memalign(align, request, head) : this.pool.malloc(request);
    if (ptr === 0) return null;
    const block = this.pool.blockSize(ptr);
    const charged = this.pool.lastCharge;
    this.freeBytes -= charged;
    this.allocated += block;
    if (this.freeBytes < this.minFreeBytes) this.minFreeBytes = this.freeBytes;
    return { address: this.acct.poisoning ? ptr + POISON_HEAD : ptr, block, charged };
  }

  /** `multi_heap_free`; returns the bytes given back, or -1 for an address this heap did not hand out. */
  free(address: number): number {
    const ptr = this.acct.poisoning ? address - POISON_HEAD : address;
    const block = this.pool.free(ptr);
    if (block < 0) return -1;
    const charged = this.pool.lastCharge;
    this.freeBytes += charged;
    this.allocated -= block;
    return charged;
  }

  owns(address: number): boolean {
    return address >= this.spec.address && address < this.spec.address + this.spec.length;
  }

  /** `multi_heap_get_info` as printed by `heap_caps_print_heap_info`. */
  info(): HeapInfo {
    const poison = this.acct.poisoning ? POISON_OVERHEAD : 0;
    const allocBlocks = this.pool.usedBlocks;
    const largest = this.pool.reportedLargest();
    return {
      free: this.freeBytes - poison,
      allocated: this.allocated - poison * allocBlocks,
      minFree: this.minFreeBytes - poison,
      largestFreeBlock: Math.max(0, largest - poison),
      allocBlocks,
      freeBlocks: this.pool.freeBlocks,
      totalBlocks: allocBlocks + this.pool.freeBlocks,
    };
  }

  /** Free bytes before the poisoning adjustment of `info()`. */
  get rawFree(): number {
    return this.freeBytes;
  }

  /** The pool's blocks in address order (tests, dumps). */
  blocks() {
    return this.pool.blocks();
  }
}
