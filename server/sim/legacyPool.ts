/**
 * The pre-TLSF multi_heap of ESP-IDF v3.x – v4.2 (docs/reference/allocator-overhead.md D7): a
 * 24-byte `heap_t` (holding the first pseudo block) and an 8-byte terminal block around an
 * address-ordered list of blocks with 4-byte headers; best-fit search, sizes rounded to 4 (no
 * minimum), a free block is split only when at least 8 bytes remain, neighbours are merged on free.
 * `free_bytes` counts data bytes only, so an allocation that splits costs round_up(n, 4) + 4 and
 * one that takes a whole block costs its size.
 */
import type { BlockPool, PoolBlock } from './blockPool';

interface Block {
  /** Data address (header + 4). */
  ptr: number;
  size: number;
  free: boolean;
  prev: Block | null;
  next: Block | null;
}

const HEADER = 4;
/** heap_t (lock, free_bytes, minimum_free_bytes, last_block, 8-byte first_block) + terminal block + first header. */
export const LEGACY_HEAP_OVERHEAD = 24 + 8 + HEADER;
const SPLIT_MIN = 8;

export class LegacyPool implements BlockPool {
  lastCharge = 0;
  private readonly first: Block;
  private readonly byPtr = new Map<number, Block>();
  private readonly aligned = new Map<number, number>();
  private used = 0;
  private freeCount = 1;

  /** `span` = aligned end − aligned start of the region. */
  constructor(start: number, span: number) {
    this.first = {
      ptr: start + 24 + HEADER,
      size: span - LEGACY_HEAP_OVERHEAD,
      free: true,
      prev: null,
      next: null,
    };
  }

  get usedBlocks(): number {
    return this.used;
  }

  get freeBlocks(): number {
    return this.freeCount;
  }

  malloc(n: number): number {
    const size = (n + 3) & ~3;
    if (size <= 0) return 0;
    let best: Block | null = null;
    for (let b: Block | null = this.first; b; b = b.next) {
      if (b.free && b.size >= size && (!best || b.size < best.size)) best = b;
    }
    if (!best) return 0;
    if (best.size - size >= SPLIT_MIN) {
      const rest: Block = {
        ptr: best.ptr + size + HEADER,
        size: best.size - size - HEADER,
        free: true,
        prev: best,
        next: best.next,
      };
      if (best.next) best.next.prev = rest;
      best.next = rest;
      best.size = size;
      this.lastCharge = size + HEADER;
    } else {
      this.lastCharge = best.size;
      this.freeCount--;
    }
    best.free = false;
    this.used++;
    this.byPtr.set(best.ptr, best);
    return best.ptr;
  }

  /** Over-allocates by `align` and hands out the aligned address inside the block. */
  memalign(align: number, n: number, offset = 0): number {
    if (align <= 4) return this.malloc(n);
    const raw = this.malloc(n + align);
    if (raw === 0) return 0;
    const user = Math.ceil((raw + offset) / align) * align - offset;
    this.aligned.set(user, raw);
    return user;
  }

  free(p: number): number {
    const raw = this.aligned.get(p) ?? p;
    this.aligned.delete(p);
    let b = this.byPtr.get(raw);
    if (!b) return -1;
    this.byPtr.delete(raw);
    const freed = b.size;
    let charge = b.size;
    b.free = true;
    this.used--;
    this.freeCount++;
    const next = b.next;
    if (next?.free) {
      b.size += next.size + HEADER;
      b.next = next.next;
      if (next.next) next.next.prev = b;
      charge += HEADER;
      this.freeCount--;
    }
    const prev = b.prev;
    if (prev?.free) {
      prev.size += b.size + HEADER;
      prev.next = b.next;
      if (b.next) b.next.prev = prev;
      charge += HEADER;
      this.freeCount--;
      b = prev;
    }
    this.lastCharge = charge;
    return freed;
  }

  blockSize(p: number): number {
    return this.byPtr.get(this.aligned.get(p) ?? p)?.size ?? -1;
  }

  reportedLargest(): number {
    let best = 0;
    for (let b: Block | null = this.first; b; b = b.next) {
      if (b.free && b.size > best) best = b.size;
    }
    return best;
  }

  blocks(): PoolBlock[] {
    const out: PoolBlock[] = [];
    for (let b: Block | null = this.first; b; b = b.next) {
      out.push({ ptr: b.ptr, size: b.size, free: b.free });
    }
    return out;
  }
}
