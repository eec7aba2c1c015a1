/**
 * What `psram-lens simulate --json` prints (contract: `heaps`, `allocations`, `totals`), plus
 * per-label groups (the seed experiment's table) and the boot summary.
 */
import type { Chip, MemoryKind } from '../target/chips';
import { CAP, capsToString } from '../target/caps';
import type { SimHeap } from './heap';

export interface HeapRow {
  name: string;
  label: string;
  address: number;
  /** Union of the three priority caps words. */
  caps: number;
  capsText: string;
  capsByPriority: [number, number, number];
  /** Registered length (`heap_caps_get_total_size`). */
  size: number;
  free: number;
  allocated: number;
  largestFreeBlock: number;
  minFree: number;
  allocBlocks: number;
  freeBlocks: number;
  totalBlocks: number;
  /** Free bytes right after registration (length − 20 − TLSF control). */
  initialFree: number;
  controlSize: number;
  memory: MemoryKind;
  dma: boolean;
  origin: 'boot' | 'psram' | 'reserve';
}

export interface AllocationRow {
  id: number;
  /** Step ordinal (0 = boot). */
  step: number;
  label: string;
  method: string;
  /** `block` (whole make_shared block / malloc), `object`, `control`, `array`, `mutex`. */
  part: string;
  requestedSize: number;
  /** TLSF block size (request rounded, plus poisoning and any unsplit tail); 0 when it failed. */
  blockSize: number;
  /** Decrease of the heap's free bytes (block + 4-byte header). */
  charged: number;
  heap: string | null;
  address: number | null;
  memory: MemoryKind | null;
  caps: number;
  /** Succeeded only after the first caps choice failed (malloc's DEFAULT fallback, the factory's internal fallback). */
  fallback: boolean;
  ok: boolean;
  /** Still allocated at the end of the run. */
  live: boolean;
}

export interface KindTotals {
  size: number;
  free: number;
  allocated: number;
  minFree: number;
  largestFreeBlock: number;
  heaps: number;
}

export interface GroupSummary {
  label: string;
  method: string;
  objects: number;
  allocations: number;
  failed: number;
  fallbacks: number;
  requestedBytes: number;
  /** Σ charged bytes of the label's blocks when they were allocated, per memory kind. */
  internalBytes: number;
  psramBytes: number;
  otherBytes: number;
  liveAtEnd: number;
}

export interface SimulationResult {
  version: 1;
  scenario: string | null;
  chip: Chip;
  idfVersion: string;
  psramSize: number;
  config: Record<string, unknown>;
  heaps: HeapRow[];
  allocations: AllocationRow[];
  totals: Record<'internal' | 'iram' | 'rtc' | 'psram', KindTotals> & {
    /** `esp_get_free_heap_size()` / `esp_get_minimum_free_heap_size()`: every MALLOC_CAP_DEFAULT heap. */
    default: KindTotals;
  };
  groups: GroupSummary[];
  boot: {
    allocations: number;
    reservePool: number;
    defaultFreeAfterBoot: number;
    defaultMinFreeAfterBoot: number;
  };
  failures: number;
}

export function heapRow(h: SimHeap): HeapRow {
  const info = h.info();
  const s = h.spec;
  return {
    name: s.name,
    label: s.label,
    address: s.address,
    caps: h.capsUnion,
    capsText: capsToString(h.capsUnion),
    capsByPriority: [s.caps[0], s.caps[1], s.caps[2]],
    size: s.length,
    ...info,
    // Reported like `free` (poisoning subtracts its overhead from both).
    initialFree: h.initialFree - (h.rawFree - info.free),
    controlSize: h.controlSize,
    memory: s.memory,
    dma: s.dma,
    origin: s.origin,
  };
}

function totalsOf(heaps: readonly HeapRow[]): KindTotals {
  return {
    size: heaps.reduce((n, h) => n + h.size, 0),
    free: heaps.reduce((n, h) => n + h.free, 0),
    allocated: heaps.reduce((n, h) => n + h.allocated, 0),
    minFree: heaps.reduce((n, h) => n + h.minFree, 0),
    largestFreeBlock: heaps.reduce((n, h) => Math.max(n, h.largestFreeBlock), 0),
    heaps: heaps.length,
  };
}

export function totalsByKind(heaps: readonly HeapRow[]): SimulationResult['totals'] {
  const of = (m: MemoryKind) => totalsOf(heaps.filter((h) => h.memory === m));
  return {
    internal: of('internal'),
    iram: of('iram'),
    rtc: of('rtc'),
    psram: of('psram'),
    default: totalsOf(heaps.filter((h) => (h.caps & CAP.DEFAULT) !== 0)),
  };
}

/** Per-label summary of the allocation rows (boot rows excluded). */
export function groupRows(
  rows: readonly AllocationRow[],
  objectsByLabel: ReadonlyMap<string, number>,
): GroupSummary[] {
  const groups = new Map<string, GroupSummary>();
  for (const r of rows) {
    if (r.step === 0) continue;
    let g = groups.get(r.label);
    if (!g) {
      g = {
        label: r.label,
        method: r.method,
        objects: objectsByLabel.get(r.label) ?? 0,
        allocations: 0,
        failed: 0,
        fallbacks: 0,
        requestedBytes: 0,
        internalBytes: 0,
        psramBytes: 0,
        otherBytes: 0,
        liveAtEnd: 0,
      };
      groups.set(r.label, g);
    }
    g.allocations++;
    g.requestedBytes += r.requestedSize;
    if (!r.ok) g.failed++;
    if (r.fallback) g.fallbacks++;
    if (r.live) g.liveAtEnd++;
    if (r.memory === 'internal') g.internalBytes += r.charged;
    else if (r.memory === 'psram') g.psramBytes += r.charged;
    else g.otherBytes += r.charged;
  }
  return [...groups.values()];
}
