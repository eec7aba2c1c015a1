/**
 * Pointer → slot lookup for a pool: a two-level page table over the pool's 4-byte-aligned
 * addresses (pages of 16 KiB made on first use), so freeing by address costs two array loads
 * instead of a hash lookup, and memory grows with the part of the pool actually used.
 */
const PAGE_SHIFT = 14;
const PAGE_WORDS = 1 << (PAGE_SHIFT - 2);

export class PtrIndex {
  private readonly pages: (Int32Array | undefined)[];
  private count = 0;

  constructor(
    private readonly base: number,
    length: number,
  ) {
    this.pages = new Array<Int32Array | undefined>((length >>> PAGE_SHIFT) + 1);
  }

  get size(): number {
    return this.count;
  }

  /** Slot of `ptr`, or -1. */
  get(ptr: number): number {
    const off = ptr - this.base;
    if (off < 0 || (off & 3) !== 0) return -1;
    const page = this.pages[off >>> PAGE_SHIFT];
    return page === undefined ? -1 : page[(off >>> 2) & (PAGE_WORDS - 1)] - 1;
  }

  set(ptr: number, slot: number): void {
    const off = ptr - this.base;
    const p = off >>> PAGE_SHIFT;
    let page = this.pages[p];
    if (page === undefined) {
      page = new Int32Array(PAGE_WORDS);
      this.pages[p] = page;
    }
    const i = (off >>> 2) & (PAGE_WORDS - 1);
    if (page[i] === 0) this.count++;
    page[i] = slot + 1;
  }

  delete(ptr: number): void {
    const off = ptr - this.base;
    const page = this.pages[off >>> PAGE_SHIFT];
    if (page === undefined) return;
    const i = (off >>> 2) & (PAGE_WORDS - 1);
    if (page[i] !== 0) this.count--;
    page[i] = 0;
  }
}
