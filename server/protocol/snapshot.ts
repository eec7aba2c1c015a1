/**
 * What the heap state model (server/heap/model.ts) knows at one moment, in the
 * form the panel renders and the CLI reports. Plain data (JSON-serialisable) so
 * it crosses the extension → webview boundary unchanged.
 */
import type { AllocFailedEvent, SymbolInfo } from './events';
import type { Chip, MemoryKind } from '../target/chips';

/** The summary rows of the panel: internal RAM split by DMA capability, as the device sees it. */
export type SummaryKind = 'internalDma' | 'internalOther' | 'iram' | 'rtc' | 'psram';

export interface KindSummary {
  kind: SummaryKind;
  total: number;
  free: number;
  minFree: number;
  largestFreeBlock: number;
  /** Whether the numbers come from a device report (heapInfo/boot) or are derived from tracked allocations. */
  source: 'reported' | 'derived';
}

export interface RegionState {
  address: number;
  length: number;
  label: string;
  memory: MemoryKind;
  dma: boolean;
  free: number | null;
  minFree: number | null;
  largestFreeBlock: number | null;
}

export interface AllocationRow {
  /** Stable row id (monotonic), so the table can key rows across updates. */
  id: number;
  address: number;
  size: number;
  memory: MemoryKind;
  region: string | null;
  caller: SymbolInfo | null;
  live: boolean;
  /** Device time (ms) of the allocation, when known. */
  time: number | null;
  /** Input line of the event that reported it. */
  line: number;
  label?: string;
  /** Where the row came from: a live allocator line / simulator step, or the last heap-trace dump. */
  source?: 'live' | 'trace';
  /** Raw caller return addresses (heap trace records). */
  callers?: number[];
  /** Allocation method (make_shared, psram factory, malloc, ...) when the event said. */
  method?: string;
  /** Input line of the free that released it. */
  freedLine?: number;
}

/** One point of the timeline chart. */
export interface TimelinePoint {
  time: number;
  internalFree: number | null;
  /** Largest free internal block at that moment (what a big DMA/internal-only request needs). */
  internalLargest?: number | null;
  psramFree: number | null;
}

export interface FailureMark {
  time: number | null;
  line: number;
  size: number;
  caps: number | null;
  /** The caps as names without the prefix ("DMA|INTERNAL"), when known. */
  capsText?: string;
  source: AllocFailedEvent['source'];
  /** The decoded backtrace the monitor printed right after it (innermost first), when any. */
  frames?: SourceFrame[];
  /** Its first frame in the user's code (outside the allocator and ESP-IDF), when decoded. */
  site?: SourceFrame;
}

/** A decoded frame with a source position (build-machine path). */
export interface SourceFrame {
  file: string;
  line: number;
  function: string;
}

export interface HeapWarning {
  code: 'lowInternalFree' | 'smallLargestInternalBlock' | 'allocFailures';
  message: string;
}

export interface HeapSnapshot {
  chip: Chip | null;
  summary: KindSummary[];
  /** Internal RAM held back for DMA/internal-only requests (CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL), bytes. */
  reservePool: number | null;
  regions: RegionState[];
  timeline: TimelinePoint[];
  failures: FailureMark[];
  warnings: HeapWarning[];
  /** Total allocation rows known (the table may receive them in batches). */
  allocationCount: number;
  /** Latest figures from the PSRAM-aware allocator's statistics lines (merged by name). */
  psramStats?: Record<string, number>;
  /** Bytes requested by live tracked allocations, per summary kind (plus "unknown"). */
  liveBytes?: Record<string, number>;
  /** The biggest request with DMA or internal caps seen failing (bytes): the chart's danger line. */
  largestInternalRequest?: number | null;
  /** Allocation sites, internal bytes descending (at most the model's `maxSites`). */
  sites?: SiteRow[];
}

/** Where a site's bytes live: DMA-capable internal RAM, other internal RAM (IRAM included), PSRAM, RTC. */
export type SiteMemory = 'dma' | 'internal' | 'psram' | 'rtc' | 'unknown';

export interface SiteMemoryStats {
  liveCount: number;
  liveBytes: number;
  peakBytes: number;
  allocs: number;
  frees: number;
  failures: number;
}

/** One allocation site (a source line, else a function, a label or an address) and what it holds. */
export interface SiteRow {
  /** `file:line`, else the function, the simulator label or the address: stable across updates. */
  key: string;
  function: string | null;
  file: string | null;
  /** 1-based source line; 0 when unknown. */
  fileLine: number;
  /** A caller address that resolved to this site (first seen). */
  address: number | null;
  /** Per memory; only the kinds the site used. */
  memory: Partial<Record<SiteMemory, SiteMemoryStats>>;
  /** Live bytes in internal RAM (DMA-capable and other), the default sort. */
  internalBytes: number;
  /** Peak live bytes in internal RAM (the sum of the per-memory peaks is an upper bound). */
  internalPeakBytes: number;
  liveCount: number;
  liveBytes: number;
  allocs: number;
  failures: number;
}
