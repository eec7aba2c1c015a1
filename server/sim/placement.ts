/**
 * Which heap a request lands in (docs/reference/malloc-policy.md C2, C3): the registered heap list
 * in its order, `heap_caps_malloc` (priority 0..2 × list order, a heap is tried when its caps at
 * that priority share a bit with the request and its caps union contains all of it), and the
 * `malloc()` policy of `heap_caps_malloc_default` (inclusive ALWAYSINTERNAL limit, then the "less
 * picky" DEFAULT fallback).
 */
import { CAP, CAPS_DEFAULT_INTERNAL, CAPS_DEFAULT_SPIRAM } from '../target/caps';
import type { DiramAlias } from './chipProfiles';
import type { SimHeap } from './heap';

export interface PlacementOptions {
  /** `heap_caps_malloc_extmem_enable(limit)`; -1 = never called (malloc stays internal). */
  mallocLimit: number;
  /** CONFIG_HEAP_TASK_TRACKING (v5.x): a 4-byte owner word in front of every block. */
  taskTracking: boolean;
  /** D/IRAM alias of chips with separate instruction/data addresses, for EXEC requests. */
  diram: DiramAlias | null;
  /**
   * v5.3+ `esp_heap_adjust_alignment_to_hw`: DMA descriptor caps become DMA, SPIRAM|DMA becomes
   * SPIRAM (no heap has both), CACHE_ALIGNED is dropped. (Its cache-line size rounding is not modelled.)
   */
  adjustDmaCaps: boolean;
  /**
   * v6.1+: with a non-zero malloc limit, malloc()'s internal-first attempt skips heaps that offer
   * MALLOC_CAP_DEFAULT only at low priority (the reserve pool; RTC RAM and SPM on some targets),
   * so small requests go to PSRAM before them (docs/reference/malloc-policy.md C8).
   */
  skipLowPriorityDefault: boolean;
}

/** A heap that offers MALLOC_CAP_DEFAULT only at its lowest priority. */
function defaultOnlyAtLowPriority(heap: SimHeap): boolean {
  const c = heap.spec.caps;
  return (c[2] & CAP.DEFAULT) !== 0 && ((c[0] | c[1]) & CAP.DEFAULT) === 0;
}

export interface Placed {
  ok: true;
  heap: SimHeap;
  address: number;
  /** Size handed to the heap (after caps rounding, owner word, EXEC back-pointer). */
  request: number;
  block: number;
  charged: number;
  /** Caps of the attempt that succeeded. */
  caps: number;
  /** Attempts before the successful one (malloc's fallback). */
  fallbacks: number;
}

export interface NotPlaced {
  ok: false;
  /** Caps of the last attempt (what the failed-alloc hook receives). */
  caps: number;
  function: string;
}

export type Placement = Placed | NotPlaced;

const TASK_OWNER = 4;
const EXEC_BACKPOINTER = 4;

export class HeapSystem {
  /** Registered heaps in list order (runtime-added heaps go to the head). */
  readonly heaps: SimHeap[] = [];
  private readonly aliases = new Map<number, number>();

  constructor(private readonly opts: PlacementOptions) {}

  get mallocLimit(): number {
    return this.opts.mallocLimit;
  }

  setMallocLimit(limit: number): void {
    this.opts.mallocLimit = limit;
  }

  /** Register a heap at its list position (`spec.order`; runtime-added heaps have lower orders). */
  add(heap: SimHeap): void {
    const at = this.heaps.findIndex((h) => h.spec.order > heap.spec.order);
    if (at < 0) this.heaps.push(heap);
    else this.heaps.splice(at, 0, heap);
  }

  /** `heap_caps_malloc(size, caps)` (or `heap_caps_aligned_alloc` when align > 4). */
  heapCapsMalloc(
    size: number,
    caps: number,
    align = 4,
    fn = 'heap_caps_malloc',
    skip?: (heap: SimHeap) => boolean,
  ): Placement {
    const fail: NotPlaced = { ok: false, caps, function: fn };
    if (size <= 0) return fail;
    let want = this.opts.adjustDmaCaps ? adjustDmaCaps(caps) : caps >>> 0;
    if (want & CAP.EXEC) {
      if (want & (CAP['8BIT'] | CAP.DMA)) return fail;
      want |= CAP['32BIT'];
    }
    let request = want & CAP['32BIT'] ? roundUp4(size) : size;
    if (this.opts.taskTracking) request += TASK_OWNER;
    for (let prio = 0; prio < 3; prio++) {
      for (const heap of this.heaps) {
        if ((heap.spec.caps[prio] & want) === 0 || (heap.capsUnion & want) >>> 0 !== want) continue;
        if (skip?.(heap)) continue;
        const diramExec =
          (want & CAP.EXEC) !== 0 && (heap.capsUnion & CAP['8BIT']) !== 0 && this.opts.diram;
        const r = heap.malloc(diramExec ? request + EXEC_BACKPOINTER : request, align);
        if (!r) continue;
        let address = this.opts.taskTracking ? r.address + TASK_OWNER : r.address;
        if (diramExec && this.opts.diram) {
          const alias = toIram(this.opts.diram, r.address, request + EXEC_BACKPOINTER);
          this.aliases.set(alias, r.address);
          address = alias;
        }
        return {
          ok: true,
          heap,
          address,
          request,
          block: r.block,
          charged: r.charged,
          caps: want,
          fallbacks: 0,
        };
      }
    }
    return fail;
  }

  /** `heap_caps_malloc_default` = `malloc()` / `operator new` (C2). */
  mallocDefault(size: number, align = 4): Placement {
    const fn = 'heap_caps_malloc_default';
    const limit = this.opts.mallocLimit;
    if (limit < 0) return this.heapCapsMalloc(size, CAPS_DEFAULT_INTERNAL, align, fn);
    const internalFirst = size <= limit;
    const first = this.heapCapsMalloc(
      size,
      internalFirst ? CAPS_DEFAULT_INTERNAL : CAPS_DEFAULT_SPIRAM,
      align,
      fn,
      internalFirst && limit > 0 && this.opts.skipLowPriorityDefault
        ? defaultOnlyAtLowPriority
        : undefined,
    );
    if (first.ok || size <= 0) return first;
    const second = this.heapCapsMalloc(size, CAP.DEFAULT, align, fn);
    return second.ok ? { ...second, fallbacks: 1 } : { ok: false, caps: CAP.DEFAULT, function: fn };
  }

  /** `heap_caps_malloc_prefer`-style chain: each caps set in turn; the failure names the last. */
  mallocPrefer(
    size: number,
    chain: readonly number[],
    align = 4,
    fn = 'heap_caps_malloc_prefer',
  ): Placement {
    let last: Placement = { ok: false, caps: chain[chain.length - 1] ?? 0, function: fn };
    for (let i = 0; i < chain.length; i++) {
      last = this.heapCapsMalloc(size, chain[i], align, fn);
      if (last.ok) return { ...last, fallbacks: i };
    }
    return last;
  }

  /** `heap_caps_free`; returns the heap and the bytes given back, or null for an unknown address. */
  free(address: number): { heap: SimHeap; charged: number } | null {
    const dram = this.aliases.get(address);
    if (dram !== undefined) this.aliases.delete(address);
    const target = dram ?? (this.opts.taskTracking ? address - TASK_OWNER : address);
    for (const heap of this.heaps) {
      if (!heap.owns(target)) continue;
      const charged = heap.free(target);
      if (charged >= 0) return { heap, charged };
    }
    return null;
  }

  /** Heaps whose caps union contains all of `caps` (what heap_caps_get_info sums over). */
  matching(caps: number): SimHeap[] {
    return this.heaps.filter((h) => (h.capsUnion & caps) >>> 0 === caps >>> 0);
  }

  /** `heap_caps_get_largest_free_block(caps)`. */
  largestFreeBlock(caps: number): number {
    return this.matching(caps).reduce((m, h) => Math.max(m, h.info().largestFreeBlock), 0);
  }
}

function adjustDmaCaps(caps: number): number {
  let c = caps;
  if (c & (CAP.DMA_DESC_AHB | CAP.DMA_DESC_AXI)) {
    c = (c & ~(CAP.DMA_DESC_AHB | CAP.DMA_DESC_AXI)) | CAP.DMA;
  }
  if (c & CAP.SPIRAM && c & CAP.DMA) c &= ~CAP.DMA;
  return (c & ~CAP.CACHE_ALIGNED) >>> 0;
}

function roundUp4(n: number): number {
  return (n + 3) & ~3;
}

/** `dram_alloc_to_iram_addr`: the EXEC alias of a D/IRAM block (the first word keeps the DRAM address). */
function toIram(d: DiramAlias, dstart: number, len: number): number {
  if (d.inverted) {
    const dend = dstart + len - 4;
    return d.iramLow + (d.dramHigh - dend) + 4;
  }
  return d.iramLow + (dstart - d.dramLow) + 4;
}
