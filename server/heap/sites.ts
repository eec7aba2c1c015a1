/**
 * By-site accounting: per allocation site and memory, live count and bytes, peak bytes, total
 * allocations and frees, failures. Live allocation events (the factory's verbose lines, the
 * simulator) accumulate; a heap-trace dump is a snapshot, so the latest dump's records replace
 * the previous dump's contribution (its peaks are kept).
 */
import type { SymbolInfo } from '../protocol/events';
import type { SiteMemory, SiteMemoryStats, SiteRow } from '../protocol/snapshot';
import type { MemoryKind } from '../target/chips';

export const UNKNOWN_SITE = '(no site)';

/** A site while it is counted: its row's identity and per-memory figures, and its internal totals. */
type SiteEntry = Pick<SiteRow, 'key' | 'function' | 'file' | 'fileLine' | 'address' | 'memory'> & {
  internalLive: number;
  internalPeak: number;
};

export interface SiteRef {
  site: SymbolInfo | null;
  /** Used when there is no decoded site (simulator steps are labelled). */
  label?: string;
}

export function siteMemory(memory: MemoryKind, dma: boolean): SiteMemory {
  switch (memory) {
    case 'internal':
      return dma ? 'dma' : 'internal';
    case 'iram':
      return 'internal';
    case 'rtc':
    case 'psram':
      return memory;
    default:
      return 'unknown';
  }
}

const isInternal = (m: SiteMemory): boolean => m === 'internal' || m === 'dma';

/** The key a site is counted under. */
export function siteKey(ref: SiteRef): string {
  const s = ref.site;
  if (s) {
    if (s.file && s.fileLine > 0) return `${s.file}:${s.fileLine}`;
    if (s.function) return s.function;
    return `0x${s.address.toString(16).padStart(8, '0')}`;
  }
  return ref.label !== undefined ? `label:${ref.label}` : UNKNOWN_SITE;
}

function blank(): SiteMemoryStats {
  return { liveCount: 0, liveBytes: 0, peakBytes: 0, allocs: 0, frees: 0, failures: 0 };
}

class Ledger {
  readonly sites = new Map<string, SiteEntry>();

  entry(ref: SiteRef): SiteEntry {
    const key = siteKey(ref);
    let e = this.sites.get(key);
    if (!e) {
      const s = ref.site;
      e = {
        key,
        function: s?.function ?? (ref.label !== undefined ? ref.label : null),
        file: s?.file || null,
        fileLine: s?.fileLine ?? 0,
        address: s?.address ?? null,
        memory: {},
        internalLive: 0,
        internalPeak: 0,
      };
      this.sites.set(key, e);
    }
    return e;
  }

  allocate(key: SiteEntry, m: SiteMemory, bytes: number): void {
    const st = (key.memory[m] ??= blank());
    st.allocs++;
    st.liveCount++;
    st.liveBytes += bytes;
    if (st.liveBytes > st.peakBytes) st.peakBytes = st.liveBytes;
    if (isInternal(m)) {
      key.internalLive += bytes;
      if (key.internalLive > key.internalPeak) key.internalPeak = key.internalLive;
    }
  }

  free(key: SiteEntry, m: SiteMemory, bytes: number): void {
    const st = (key.memory[m] ??= blank());
    st.frees++;
    st.liveCount = Math.max(0, st.liveCount - 1);
    st.liveBytes = Math.max(0, st.liveBytes - bytes);
    if (isInternal(m)) key.internalLive = Math.max(0, key.internalLive - bytes);
  }
}

export class SiteAccounts {
  private readonly live = new Ledger();
  private trace = new Ledger();
  /** Peaks of earlier dumps, by site key (a new dump must not lower what was seen). */
  private readonly tracePeaks = new Map<
    string,
    { internal: number; memory: Map<SiteMemory, number> }
  >();

  /** Keys of sites whose figures changed since `takeChanged` (the panel's batches carry them). */
  private readonly changed = new Set<string>();

  constructor(private readonly maxSites = 2000) {}

  /** A live allocation; returns the handle its free passes back. */
  allocated(ref: SiteRef, memory: MemoryKind, dma: boolean, bytes: number): SiteHandle {
    const e = this.live.entry(ref);
    const m = siteMemory(memory, dma);
    this.live.allocate(e, m, bytes);
    this.changed.add(e.key);
    return { key: e.key, memory: m, bytes };
  }

  freed(h: SiteHandle): void {
    const e = this.live.sites.get(h.key);
    if (e) this.live.free(e, h.memory, h.bytes);
    this.changed.add(h.key);
  }

  failed(ref: SiteRef, memory: SiteMemory): void {
    const e = this.live.entry(ref);
    (e.memory[memory] ??= blank()).failures++;
    this.changed.add(e.key);
  }

  /**
   * The rows of the sites that changed since the last call (live events only; a trace dump
   * comes with a whole snapshot), so a new allocation reaches the Sites view with the next batch.
   */
  takeChanged(): SiteRow[] {
    const out: SiteRow[] = [];
    for (const key of this.changed) {
      const row = this.rowOf(key);
      if (row) out.push(row);
    }
    this.changed.clear();
    return out;
  }

  /** A heap-trace dump: its records replace the previous dump's. */
  traced(
    records: Iterable<{
      ref: SiteRef;
      memory: MemoryKind;
      dma: boolean;
      size: number;
      freed: boolean;
    }>,
  ): void {
    for (const e of this.trace.sites.values()) this.keepPeaks(e);
    this.trace = new Ledger();
    for (const r of records) {
      const e = this.trace.entry(r.ref);
      const m = siteMemory(r.memory, r.dma);
      this.trace.allocate(e, m, r.size);
      if (r.freed) this.trace.free(e, m, r.size);
    }
  }

  /** Every site, internal bytes (live, then peak) descending; at most `maxSites`. */
  rows(): SiteRow[] {
    const keys = new Set([
      ...this.live.sites.keys(),
      ...this.trace.sites.keys(),
      ...this.tracePeaks.keys(),
    ]);
    const rows: SiteRow[] = [];
    for (const key of keys) {
      const row = this.rowOf(key);
      if (row) rows.push(row);
    }
    rows.sort(
      (a, b) =>
        b.internalBytes - a.internalBytes ||
        b.internalPeakBytes - a.internalPeakBytes ||
        b.liveBytes - a.liveBytes ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return rows.length > this.maxSites ? rows.slice(0, this.maxSites) : rows;
  }

  private readonly oldEntries = new Map<string, SiteEntry>();

  /** One site's row: its live events and the latest dump's records, summed. */
  private rowOf(key: string): SiteRow | null {
    const live = this.live.sites.get(key);
    const traced = this.trace.sites.get(key);
    const peaks = this.tracePeaks.get(key);
    const a = live ? this.row(live) : null;
    const b = traced ? this.row(traced, peaks) : null;
    if (a && b) return add(a, b);
    if (a || b) return a ?? b;
    // A site only earlier dumps saw: nothing live now, its peak stays.
    return peaks ? this.oldTraceRow(key, peaks) : null;
  }

  private keepPeaks(e: SiteEntry): void {
    const p = this.tracePeaks.get(e.key) ?? { internal: 0, memory: new Map<SiteMemory, number>() };
    p.internal = Math.max(p.internal, e.internalPeak);
    for (const [m, st] of Object.entries(e.memory) as [SiteMemory, SiteMemoryStats][]) {
      p.memory.set(m, Math.max(p.memory.get(m) ?? 0, st.peakBytes));
    }
    this.tracePeaks.set(e.key, p);
    this.oldEntries.set(e.key, e);
  }

  private oldTraceRow(
    key: string,
    peaks: { internal: number; memory: Map<SiteMemory, number> },
  ): SiteRow | null {
    const e = this.oldEntries.get(key);
    if (!e) return null;
    const memory: Partial<Record<SiteMemory, SiteMemoryStats>> = {};
    for (const [m, peak] of peaks.memory) memory[m] = { ...blank(), peakBytes: peak };
    return {
      key,
      function: e.function,
      file: e.file,
      fileLine: e.fileLine,
      address: e.address,
      memory,
      internalBytes: 0,
      internalPeakBytes: peaks.internal,
      liveCount: 0,
      liveBytes: 0,
      allocs: 0,
      failures: 0,
    };
  }

  private row(
    e: SiteEntry,
    peaks?: { internal: number; memory: Map<SiteMemory, number> },
  ): SiteRow {
    const memory: Partial<Record<SiteMemory, SiteMemoryStats>> = {};
    let liveCount = 0;
    let liveBytes = 0;
    let allocs = 0;
    let failures = 0;
    let internalBytes = 0;
    for (const [m, st] of Object.entries(e.memory) as [SiteMemory, SiteMemoryStats][]) {
      const peak = Math.max(st.peakBytes, peaks?.memory.get(m) ?? 0);
      memory[m] = { ...st, peakBytes: peak };
      liveCount += st.liveCount;
      liveBytes += st.liveBytes;
      allocs += st.allocs;
      failures += st.failures;
      if (isInternal(m)) internalBytes += st.liveBytes;
    }
    return {
      key: e.key,
      function: e.function,
      file: e.file,
      fileLine: e.fileLine,
      address: e.address,
      memory,
      internalBytes,
      internalPeakBytes: Math.max(e.internalPeak, peaks?.internal ?? 0),
      liveCount,
      liveBytes,
      allocs,
      failures,
    };
  }
}

export interface SiteHandle {
  key: string;
  memory: SiteMemory;
  bytes: number;
}

/** Per-memory figures of two sources, summed field by field. */
function sum(a: SiteMemoryStats, b: SiteMemoryStats): SiteMemoryStats {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof SiteMemoryStats)[]) out[k] += b[k];
  return out;
}

/** Two rows of one site (live events and the latest trace dump) as one. */
function add(a: SiteRow, b: SiteRow): SiteRow {
  const memory: Partial<Record<SiteMemory, SiteMemoryStats>> = { ...a.memory };
  for (const [m, st] of Object.entries(b.memory) as [SiteMemory, SiteMemoryStats][]) {
    const x = memory[m];
    memory[m] = x ? sum(x, st) : st;
  }
  return {
    ...a,
    memory,
    internalBytes: a.internalBytes + b.internalBytes,
    internalPeakBytes: a.internalPeakBytes + b.internalPeakBytes,
    liveCount: a.liveCount + b.liveCount,
    liveBytes: a.liveBytes + b.liveBytes,
    allocs: a.allocs + b.allocs,
    failures: a.failures + b.failures,
  };
}
