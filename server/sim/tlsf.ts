/**
 * A TLSF pool that behaves like espressif/tlsf (tlsf.c): 4-byte alignment, 4-byte block header,
 * 12-byte minimum block, split only when the rest holds a 16-byte header, immediate coalescing on
 * free, LIFO free lists per (first-level, second-level) class and good-fit search (requests are
 * rounded up to the next class before searching). Addresses are the device's, so the pointers it
 * returns are the ones the device would return for the same sequence of calls.
 *
 * Blocks live in parallel typed arrays indexed by a slot number (no object per block), and the
 * free lists are found through two bitmaps, so malloc and free are O(1) as on the device. Slot 0 is
 * always the first physical block: merges and splits keep the lower-address block's slot.
 */
import {
  ALIGN_SIZE,
  BLOCK_HEADER_OVERHEAD,
  BLOCK_HEADER_SIZE,
  BLOCK_SIZE_MIN,
  POOL_OVERHEAD,
  adjustRequest,
  fitSize,
  type TlsfGeometry,
} from './tlsfGeometry';
import type { BlockPool, PoolBlock } from './blockPool';
import { PtrIndex } from './ptrIndex';

const NONE = -1;

/** Index of the highest set bit (tlsf_fls), -1 for 0. */
function fls(word: number): number {
  return 31 - Math.clz32(word);
}

/** Index of the lowest set bit (tlsf_ffs), -1 for 0. */
function ffs(word: number): number {
  return 31 - Math.clz32(word & -word);
}

export class TlsfPool implements BlockPool {
  /** Usable bytes of the pool's single free block at creation. */
  readonly poolBytes: number;
  lastCharge = 0;
  private capacity = 64;
  private ptr = new Uint32Array(this.capacity);
  private size = new Uint32Array(this.capacity);
  private isFree = new Uint8Array(this.capacity);
  private prevPhys = new Int32Array(this.capacity);
  private nextPhys = new Int32Array(this.capacity);
  private prevFree = new Int32Array(this.capacity);
  private nextFree = new Int32Array(this.capacity);
  private spare: number[] = [];
  private slotCount = 0;
  private flBitmap = 0;
  private readonly slBitmap: Uint32Array;
  private readonly heads: Int32Array;
  private readonly used: PtrIndex;
  private freeCount = 0;
  /** Output of `mapping`. */
  private fl = 0;
  private sl = 0;

  /**
   * `tlsf_add_pool(mem, bytes)`: the first block's user pointer is `mem + 4` (its header word sits
   * at `mem`), and the pool ends with a zero-size sentinel.
   */
  constructor(
    readonly geometry: TlsfGeometry,
    mem: number,
    bytes: number,
    /** v4.4.2+: `free_bytes` also counts the 4-byte block header of every allocation. */
    private readonly chargeHeader = true,
  ) {
    this.used = new PtrIndex(mem, bytes + BLOCK_HEADER_SIZE);
    this.slBitmap = new Uint32Array(geometry.flCount);
    this.heads = new Int32Array(geometry.flCount * geometry.slCount).fill(NONE);
    this.poolBytes = Math.floor((bytes - POOL_OVERHEAD) / ALIGN_SIZE) * ALIGN_SIZE;
    if (this.poolBytes < BLOCK_SIZE_MIN || this.poolBytes > 2 ** geometry.flIndexMax) {
      throw new RangeError(`pool of ${bytes} bytes does not fit the TLSF geometry`);
    }
    const first = this.newSlot(mem + BLOCK_HEADER_OVERHEAD, this.poolBytes, NONE, NONE);
    this.insert(first);
  }

  get usedBlocks(): number {
    return this.used.size;
  }

  get freeBlocks(): number {
    return this.freeCount;
  }

  /** `tlsf_malloc`; returns the user pointer, or 0 when no class can satisfy the request. */
  malloc(n: number): number {
    const adjust = adjustRequest(n, this.geometry);
    if (adjust === 0) return 0;
    const slot = this.locate(adjust);
    return slot === NONE ? 0 : this.prepareUsed(slot, adjust);
  }

  /**
   * `tlsf_memalign_offs(align, n, offset)`: the byte at `ptr + offset` is aligned (the poisoning
   * layer passes its 8-byte head); the leading gap goes back into the pool as a free block.
   */
  memalign(align: number, n: number, offset = 0): number {
    if (align <= ALIGN_SIZE) return this.malloc(n);
    const adjust = adjustRequest(n, this.geometry);
    if (adjust === 0) return 0;
    const offAdjust = alignUp(offset, ALIGN_SIZE);
    const gapMinimum = BLOCK_HEADER_SIZE + offAdjust;
    const withGap = adjustRequest(adjust + align + gapMinimum - offAdjust, this.geometry, align);
    if (withGap === 0) return 0;
    let slot = this.locate(withGap);
    if (slot === NONE) return 0;
    const p = this.ptr[slot];
    let aligned = alignUp(p, align);
    let gap = aligned - p;
    if ((gap !== 0 && gap < gapMinimum) || (gap === 0 && offAdjust !== 0)) {
      aligned = alignUp(aligned + Math.max(gapMinimum - gap, align), align);
      gap = aligned - p;
    }
    if (gap !== 0) slot = this.trimFreeLeading(slot, gap - offAdjust);
    return this.prepareUsed(slot, adjust);
  }

  /** `tlsf_free`; returns the freed block's size, or -1 when `ptr` is not an allocated block. */
  free(p: number): number {
    let slot = this.used.get(p);
    if (slot < 0) return -1;
    this.used.delete(p);
    const freed = this.size[slot];
    this.lastCharge = freed + (this.chargeHeader ? BLOCK_HEADER_OVERHEAD : 0);
    this.isFree[slot] = 1;
    const prev = this.prevPhys[slot];
    if (prev !== NONE && this.isFree[prev] === 1) {
      this.remove(prev);
      this.absorb(prev, slot);
      slot = prev;
    }
    const next = this.nextPhys[slot];
    if (next !== NONE && this.isFree[next] === 1) {
      this.remove(next);
      this.absorb(slot, next);
    }
    this.insert(slot);
    return freed;
  }

  /** Size of the allocated block at `ptr` (`tlsf_block_size`), or -1. */
  blockSize(p: number): number {
    const slot = this.used.get(p);
    return slot < 0 ? -1 : this.size[slot];
  }

  /** Size of the biggest free block (before `tlsf_fit_size` rounding). */
  largestFree(): number {
    if (this.flBitmap === 0) return 0;
    const fl = fls(this.flBitmap);
    const sl = fls(this.slBitmap[fl]);
    let best = 0;
    for (let s = this.heads[fl * this.geometry.slCount + sl]; s !== NONE; s = this.nextFree[s]) {
      if (this.size[s] > best) best = this.size[s];
    }
    return best;
  }

  /** `tlsf_fit_size` of the largest free block: the largest request guaranteed to succeed. */
  reportedLargest(): number {
    return fitSize(this.largestFree(), this.geometry);
  }

  /** Every block in address order (for tests and dumps). */
  blocks(): PoolBlock[] {
    const out: PoolBlock[] = [];
    for (let s = 0; s !== NONE; s = this.nextPhys[s]) {
      out.push({ ptr: this.ptr[s], size: this.size[s], free: this.isFree[s] === 1 });
    }
    return out;
  }

  private locate(size: number): number {
    const g = this.geometry;
    let search = size;
    if (search >= g.smallBlockSize) search += (1 << (fls(search) - g.slLog2)) - 1;
    let fl: number;
    let sl: number;
    if (search < g.smallBlockSize) {
      fl = 0;
      sl = search >>> 2;
    } else {
      const f = fls(search);
      sl = (search >>> (f - g.slLog2)) ^ (1 << g.slLog2);
      fl = f - (g.flShift - 1);
    }
    if (fl >= g.flCount) return NONE;
    let slMap = this.slBitmap[fl] & (~0 << sl);
    if (slMap === 0) {
      const flMap = fl + 1 >= 32 ? 0 : this.flBitmap & (~0 << (fl + 1));
      if (flMap === 0) return NONE;
      fl = ffs(flMap);
      slMap = this.slBitmap[fl];
    }
    sl = ffs(slMap);
    const slot = this.heads[fl * g.slCount + sl];
    this.unlink(slot, fl, sl);
    return slot;
  }

  private prepareUsed(slot: number, adjust: number): number {
    if (this.size[slot] >= BLOCK_HEADER_SIZE + adjust) this.insert(this.split(slot, adjust));
    this.isFree[slot] = 0;
    const p = this.ptr[slot];
    this.used.set(p, slot);
    this.lastCharge = this.size[slot] + (this.chargeHeader ? BLOCK_HEADER_OVERHEAD : 0);
    return p;
  }

  /** `block_trim_free_leading`: the leading `gap` bytes become a free block; returns the rest. */
  private trimFreeLeading(slot: number, gap: number): number {
    if (this.size[slot] < BLOCK_HEADER_SIZE + gap) return slot;
    const rest = this.split(slot, gap - BLOCK_HEADER_OVERHEAD);
    this.insert(slot);
    return rest;
  }

  /** `block_split`: `slot` keeps `size` bytes, the rest becomes a new free block after it. */
  private split(slot: number, size: number): number {
    const restSize = this.size[slot] - size - BLOCK_HEADER_OVERHEAD;
    const rest = this.newSlot(
      this.ptr[slot] + size + BLOCK_HEADER_OVERHEAD,
      restSize,
      slot,
      this.nextPhys[slot],
    );
    const after = this.nextPhys[slot];
    if (after !== NONE) this.prevPhys[after] = rest;
    this.nextPhys[slot] = rest;
    this.size[slot] = size;
    return rest;
  }

  /** `block_absorb`: `next` (physically after `slot`) disappears into `slot`. */
  private absorb(slot: number, next: number): void {
    this.size[slot] += this.size[next] + BLOCK_HEADER_OVERHEAD;
    const after = this.nextPhys[next];
    this.nextPhys[slot] = after;
    if (after !== NONE) this.prevPhys[after] = slot;
    this.spare.push(next);
  }

  private insert(slot: number): void {
    const g = this.geometry;
    this.mapping(this.size[slot]);
    const fl = this.fl;
    const sl = this.sl;
    const idx = fl * g.slCount + sl;
    const head = this.heads[idx];
    this.nextFree[slot] = head;
    this.prevFree[slot] = NONE;
    if (head !== NONE) this.prevFree[head] = slot;
    this.heads[idx] = slot;
    this.flBitmap |= 1 << fl;
    this.slBitmap[fl] |= 1 << sl;
    this.isFree[slot] = 1;
    this.freeCount++;
  }

  private remove(slot: number): void {
    this.mapping(this.size[slot]);
    this.unlink(slot, this.fl, this.sl);
  }

  private unlink(slot: number, fl: number, sl: number): void {
    const prev = this.prevFree[slot];
    const next = this.nextFree[slot];
    if (next !== NONE) this.prevFree[next] = prev;
    if (prev !== NONE) this.nextFree[prev] = next;
    const idx = fl * this.geometry.slCount + sl;
    if (this.heads[idx] === slot) {
      this.heads[idx] = next;
      if (next === NONE) {
        this.slBitmap[fl] &= ~(1 << sl);
        if (this.slBitmap[fl] === 0) this.flBitmap &= ~(1 << fl);
      }
    }
    this.freeCount--;
  }

  /** `mapping_insert`: the class of a free block of `size`, into `fl`/`sl` (no allocation per call). */
  private mapping(size: number): void {
    const g = this.geometry;
    if (size < g.smallBlockSize) {
      this.fl = 0;
      this.sl = size >>> 2;
      return;
    }
    const f = fls(size);
    this.fl = f - (g.flShift - 1);
    this.sl = (size >>> (f - g.slLog2)) ^ (1 << g.slLog2);
  }

  private newSlot(p: number, size: number, prev: number, next: number): number {
    let slot = this.spare.pop();
    if (slot === undefined) {
      if (this.slotCount === this.capacity) this.grow();
      slot = this.slotCount++;
    }
    this.ptr[slot] = p;
    this.size[slot] = size;
    this.isFree[slot] = 1;
    this.prevPhys[slot] = prev;
    this.nextPhys[slot] = next;
    return slot;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    const growI = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.ptr = grow32(this.ptr);
    this.size = grow32(this.size);
    const f = new Uint8Array(cap);
    f.set(this.isFree);
    this.isFree = f;
    this.prevPhys = growI(this.prevPhys);
    this.nextPhys = growI(this.nextPhys);
    this.prevFree = growI(this.prevFree);
    this.nextFree = growI(this.nextFree);
    this.capacity = cap;
  }
}

function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}
