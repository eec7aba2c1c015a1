/**
 * Per-region free/used accounting of the heap state model. A region is known from a boot
 * `heap_init` line, a `heap_caps_print_heap_info` row, or a PSRAM pool; its free bytes are the
 * last reported figure adjusted by the allocations and frees reported since.
 */
import type { Chip, MemoryKind } from '../target/chips';
import { classifyAddress } from '../target/memoryMap';
import type { KindSummary, RegionState, SummaryKind } from '../protocol/snapshot';

/** A region while it is tracked: its place as the panel shows it, and the figures behind them. */
export interface RegionRecord extends Pick<
  RegionState,
  'address' | 'length' | 'label' | 'memory' | 'dma'
> {
  /** A heap carved out of another region (the DMA/internal reserve pool): its length is not added twice. */
  nested: boolean;
  reportedFree: number | null;
  reportedMinFree: number | null;
  reportedLargest: number | null;
  /** Bytes charged by allocations minus frees since the last report (or since boot). */
  usedSinceReport: number;
  /** Lowest free seen (reported or derived). */
  lowestFree: number | null;
}

export const SUMMARY_KINDS: readonly SummaryKind[] = [
  'internalDma',
  'internalOther',
  'iram',
  'rtc',
  'psram',
];

export function summaryKindOf(memory: MemoryKind, dma: boolean): SummaryKind | null {
  switch (memory) {
    case 'internal':
      return dma ? 'internalDma' : 'internalOther';
    case 'iram':
    case 'rtc':
    case 'psram':
      return memory;
    default:
      return null;
  }
}

export function newRegion(
  chip: Chip | null,
  address: number,
  length: number,
  label: string,
  memory: MemoryKind,
  dma: boolean | undefined,
): RegionRecord {
  return {
    address,
    length,
    label,
    memory,
    dma: dma ?? classifyAddress(chip, address).dma,
    nested: false,
    reportedFree: null,
    reportedMinFree: null,
    reportedLargest: null,
    usedSinceReport: 0,
    lowestFree: null,
  };
}

/** Current free bytes of a region: reported figure minus what was charged since, or derived from its length. */
export function regionFree(r: RegionRecord): number | null {
  if (r.reportedFree !== null) return r.reportedFree - r.usedSinceReport;
  if (r.nested) return null;
  return r.length - r.usedSinceReport;
}

export function noteFree(r: RegionRecord): void {
  const free = regionFree(r);
  if (free !== null && (r.lowestFree === null || free < r.lowestFree)) r.lowestFree = free;
}

/** The innermost known region holding `address` (a reserve pool inside its parent RAM region wins). */
export function regionAt(regions: readonly RegionRecord[], address: number): RegionRecord | null {
  let best: RegionRecord | null = null;
  for (const r of regions) {
    if (address >= r.address && address < r.address + r.length) {
      if (best === null || r.length < best.length) best = r;
    }
  }
  return best;
}

/** Mark regions that lie inside another region as nested (reserve-pool heaps). */
export function markNested(regions: RegionRecord[]): void {
  for (const r of regions) {
    r.nested = regions.some(
      (o) =>
        o !== r &&
        o.length > r.length &&
        r.address >= o.address &&
        r.address + r.length <= o.address + o.length,
    );
  }
}

export function regionState(r: RegionRecord): RegionState {
  const free = regionFree(r);
  return {
    address: r.address,
    length: r.length,
    label: r.label,
    memory: r.memory,
    dma: r.dma,
    free,
    minFree:
      r.reportedMinFree !== null
        ? Math.min(r.reportedMinFree, r.lowestFree ?? Infinity)
        : r.lowestFree,
    largestFreeBlock:
      r.reportedLargest !== null ? Math.min(r.reportedLargest, free ?? Infinity) : null,
  };
}

/**
 * One summary row per memory kind present. `psramPoolBytes` stands in for the PSRAM heap when no
 * PSRAM region was reported (the boot line says how much was added, not where).
 */
export function summarise(
  regions: readonly RegionRecord[],
  psramPoolBytes: number,
  psramPoolUsed: number,
): KindSummary[] {
  const out: KindSummary[] = [];
  for (const kind of SUMMARY_KINDS) {
    const mine = regions.filter((r) => summaryKindOf(r.memory, r.dma) === kind);
    if (mine.length === 0) {
      if (kind === 'psram' && psramPoolBytes > 0) {
        const free = psramPoolBytes - psramPoolUsed;
        out.push({
          kind,
          total: psramPoolBytes,
          free,
          minFree: free,
          largestFreeBlock: free,
          source: 'derived',
        });
      }
      continue;
    }
    let total = 0;
    let free = 0;
    let minFree = 0;
    let largest = 0;
    let reported = true;
    for (const r of mine) {
      const s = regionState(r);
      if (!r.nested) total += r.length;
      free += s.free ?? 0;
      minFree += s.minFree ?? s.free ?? 0;
      largest = Math.max(largest, s.largestFreeBlock ?? s.free ?? 0);
      if (r.reportedFree === null) reported = false;
    }
    out.push({
      kind,
      total,
      free,
      minFree,
      largestFreeBlock: largest,
      source: reported ? 'reported' : 'derived',
    });
  }
  return out;
}
