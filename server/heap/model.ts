/**
 * The heap state model: folds the typed event stream (from the log parser or the simulator) into
 * what the panel renders: per-region and per-kind free memory over time, live allocations with
 * their placement, failures and warnings. Memory stays bounded on endless streams: freed rows,
 * failures and timeline points are capped.
 */
import type {
  AllocationEvent,
  DeallocationEvent,
  HeapEvent,
  HeapInfoEvent,
  HeapTraceEvent,
  PsramStatsEvent,
  SymbolInfo,
} from '../protocol/events';
import type { Chip } from '../target/chips';
import { classifyAddress } from '../target/memoryMap';
import { CAPS_DMA_INTERNAL } from '../target/caps';
import {
  markNested,
  newRegion,
  noteFree,
  regionAt,
  regionState,
  summarise,
  summaryKindOf,
  type RegionRecord,
} from './regions';
import type {
  AllocationRow,
  FailureMark,
  HeapSnapshot,
  SiteRow,
  TimelinePoint,
} from '../protocol/snapshot';
import { failureSite, pickCaller } from './callers';
import { SiteAccounts, type SiteHandle } from './sites';
import { CAP, capsToString } from '../target/caps';
import { heapWarnings } from './warnings';

/** Decoded symbol lines belong to a failure when they follow it within this many log lines. */
const BACKTRACE_WINDOW = 60;

export interface HeapModelOptions {
  chip?: Chip | null;
  /** Freed rows kept for the table (oldest dropped first). */
  maxFreedRows?: number;
  maxTimelinePoints?: number;
  maxFailures?: number;
}

type LiveRow = AllocationRow & { charged: number; siteHandle: SiteHandle };

/** A failure's backtrace follows within this many lines (abort message, then `Backtrace:`). */
const BACKTRACE_WITHIN = 16;

export class HeapModel {
  private chip: Chip | null;
  private readonly regions: RegionRecord[] = [];
  private readonly live = new Map<number, LiveRow>();
  private readonly siteAccounts = new SiteAccounts();
  /** The last failure, until a `Backtrace:` line within a few lines names its site. */
  private pendingFailure: { line: number; caps: number | null } | null = null;
  private freed: AllocationRow[] = [];
  /** Freed rows before this index are evicted. */
  private freedHead = 0;
  private traceRows: AllocationRow[] = [];
  private timeline: TimelinePoint[] = [];
  private failures: FailureMark[] = [];
  /** The biggest request that had to be internal (DMA or internal caps) seen failing: the chart's danger line. */
  private largestInternalRequest: number | null = null;
  private psramPoolBytes = 0;
  private psramPoolUsed = 0;
  private reservePool: number | null = null;
  private lastTime: number | null = null;
  private nextId = 1;
  private rowCount = 0;
  private psramStats: Record<string, number> = {};
  /** Every row the model holds, by id: the journal below is resolved through it in O(changes). */
  private readonly byId = new Map<number, AllocationRow>();
  /** Row ids added or changed since the last takeChanges(). */
  private changed = new Set<number>();
  /** Row ids dropped since the last takeChanges() (freed-row cap, a replaced trace dump). */
  private dropped: number[] = [];
  private readonly maxFreed: number;
  private readonly maxTimeline: number;
  private readonly maxFailures: number;

  constructor(opts: HeapModelOptions = {}) {
    this.chip = opts.chip ?? null;
    this.maxFreed = opts.maxFreedRows ?? 5000;
    this.maxTimeline = opts.maxTimelinePoints ?? 4000;
    this.maxFailures = opts.maxFailures ?? 1000;
  }

  setChip(chip: Chip | null): void {
    this.chip = chip;
  }

  apply(e: HeapEvent): void {
    if (typeof e.time === 'number') this.lastTime = e.time;
    switch (e.kind) {
      case 'heapRegion':
        this.addRegion(e.address, e.length, e.label, e.memory, e.dma);
        this.pushTimeline();
        return;
      case 'psramPool':
        this.psramPoolBytes += e.bytes;
        this.pushTimeline();
        return;
      case 'heapInfo':
        this.applyHeapInfo(e);
        return;
      case 'heapTrace':
        this.applyTrace(e);
        return;
      case 'allocation':
        this.allocate(e);
        return;
      case 'deallocation':
        this.deallocate(e);
        return;
      case 'allocFailed':
        if (e.benign || e.duplicateOf !== undefined) return;
        if (e.site) {
          // The factory's failure line names its caller: the site is known now.
          const caps = e.caps ?? 0;
          this.siteAccounts.failed({ site: e.site }, caps & CAP.SPIRAM ? 'psram' : 'internal');
          this.pendingFailure = null;
        } else this.pendingFailure = { line: e.line, caps: e.caps };
        this.failures.push({
          time: this.lastTime,
          line: e.line,
          size: e.size,
          caps: e.caps,
          ...(e.caps === null
            ? {}
            : { capsText: capsToString(e.caps).replaceAll('MALLOC_CAP_', '') }),
          source: e.source,
        });
        if (this.failures.length > this.maxFailures) this.failures.shift();
        if (e.caps !== null && (e.caps & CAPS_DMA_INTERNAL) !== 0) {
          this.largestInternalRequest = Math.max(this.largestInternalRequest ?? 0, e.size);
        }
        return;
      case 'symbol':
        this.attachFrame(e);
        return;
      case 'psramStats':
        this.applyStats(e);
        return;
      case 'text':
        if (
          e.site &&
          this.pendingFailure &&
          e.line - this.pendingFailure.line <= BACKTRACE_WITHIN
        ) {
          const caps = this.pendingFailure.caps ?? 0;
          this.siteAccounts.failed({ site: e.site }, caps & CAP.SPIRAM ? 'psram' : 'internal');
          this.pendingFailure = null;
        }
        return;
      case 'log':
        if (e.psram?.fact === 'reserve' && e.psram.bytes !== undefined) {
          this.reservePool = e.psram.bytes;
        }
        return;
      default:
        return;
    }
  }

  /** The failures kept (the newest `maxFailures`), oldest first. */
  failureList(): readonly FailureMark[] {
    return this.failures;
  }

  /** A decoded frame printed shortly after a failure belongs to that failure's backtrace. */
  private attachFrame(s: SymbolInfo & { line: number }): void {
    const last = this.failures[this.failures.length - 1];
    if (!last || !s.file || s.fileLine <= 0 || s.line - last.line > BACKTRACE_WINDOW) return;
    (last.frames ??= []).push({ file: s.file, line: s.fileLine, function: s.function });
  }

  snapshot(): HeapSnapshot {
    const summary = summarise(this.regions, this.psramPoolBytes, this.psramPoolUsed);
    const snap: HeapSnapshot = {
      chip: this.chip,
      summary,
      reservePool: this.reservePool,
      regions: this.regions.map(regionState),
      timeline: this.timeline.slice(),
      failures: this.failures.map(withSite),
      warnings: [],
      allocationCount: this.live.size + this.freed.length - this.freedHead + this.traceRows.length,
      psramStats: { ...this.psramStats },
      liveBytes: this.liveBytesByKind(),
      largestInternalRequest: this.largestInternalRequest,
      sites: this.siteAccounts.rows(),
    };
    snap.warnings = heapWarnings(snap);
    return snap;
  }

  /** The sites whose figures changed since the last call (the panel's batches). */
  takeSiteChanges(): SiteRow[] {
    return this.siteAccounts.takeChanged();
  }

  /** Allocation sites, internal bytes descending (what `snapshot().sites` holds). */
  sites(): SiteRow[] {
    return this.siteAccounts.rows();
  }

  /** Every known allocation row (live, recently freed, and the last heap-trace dump), by id. */
  allocations(): AllocationRow[] {
    const rows: AllocationRow[] = [];
    for (const r of this.live.values()) rows.push(visibleRow(r));
    rows.push(...this.freed.slice(this.freedHead), ...this.traceRows);
    return rows.sort((a, b) => a.id - b.id);
  }

  /** The row with this id as the journal reports it, or undefined when the model no longer keeps it. */
  row(id: number): AllocationRow | undefined {
    return this.byId.get(id);
  }

  /**
   * The rows added or changed and the ids dropped since the last call: what a view that already
   * holds the earlier rows needs, at a cost proportional to the changes (the panel's batches).
   */
  takeChanges(): { rows: AllocationRow[]; removed: number[] } {
    const rows: AllocationRow[] = [];
    for (const id of this.changed) {
      const row = this.byId.get(id);
      if (row) rows.push(row);
    }
    const removed = this.dropped.filter((id) => !this.byId.has(id));
    this.changed = new Set();
    this.dropped = [];
    return { rows, removed };
  }

  /** Rows reported since the model was created (including freed ones no longer kept). */
  get totalAllocationsSeen(): number {
    return this.rowCount;
  }

  private addRegion(
    address: number,
    length: number,
    label: string,
    memory: RegionRecord['memory'],
    dma: boolean | undefined,
  ): RegionRecord {
    const existing = this.regions.find((r) => r.address === address);
    if (existing) {
      existing.length = length;
      return existing;
    }
    const r = newRegion(this.chip, address, length, label, memory, dma);
    this.regions.push(r);
    this.regions.sort((a, b) => a.address - b.address);
    markNested(this.regions);
    return r;
  }

  private applyHeapInfo(e: HeapInfoEvent): void {
    for (const row of e.regions) {
      let r = this.regions.find((x) => x.address === row.address);
      if (!r) {
        const label = row.memory === 'psram' ? 'SPIRAM' : row.memory.toUpperCase();
        r = this.addRegion(row.address, row.length, label, row.memory, row.dma);
        if (r.nested) r.label = 'reserve pool';
      }
      r.reportedFree = row.free;
      r.reportedMinFree = row.minFree;
      r.reportedLargest = row.largestFreeBlock;
      r.usedSinceReport = 0;
      noteFree(r);
    }
    this.pushTimeline();
  }

  private applyTrace(e: HeapTraceEvent): void {
    for (const old of this.traceRows) this.drop(old.id);
    this.traceRows = e.records.map((rec) => ({
      id: this.nextId++,
      address: rec.address,
      size: rec.size,
      memory: rec.memory,
      region: regionAt(this.regions, rec.address)?.label ?? null,
      caller: rec.site ?? pickCaller(rec.symbols ?? []),
      live: rec.freed !== true,
      time: this.lastTime,
      line: e.line,
      source: 'trace' as const,
      callers: rec.callers,
    }));
    this.rowCount += e.records.length;
    for (const row of this.traceRows) this.track(row);
    this.siteAccounts.traced(
      e.records.map((rec, i) => ({
        ref: { site: this.traceRows[i].caller },
        memory: rec.memory,
        dma: rec.dma ?? classifyAddress(this.chip, rec.address).dma,
        size: rec.size,
        freed: rec.freed === true,
      })),
    );
  }

  private track(row: AllocationRow): void {
    this.byId.set(row.id, row);
    this.changed.add(row.id);
  }

  private drop(id: number): void {
    this.byId.delete(id);
    this.changed.delete(id);
    this.dropped.push(id);
  }

  private allocate(e: AllocationEvent): void {
    const previous = this.live.get(e.address);
    if (previous) this.release(previous, e.line);
    const charged = e.charged ?? e.size;
    const region = regionAt(this.regions, e.address);
    const caller: SymbolInfo | null = e.site ?? e.caller ?? null;
    const dma = e.dma ?? classifyAddress(this.chip, e.address).dma;
    const siteHandle = this.siteAccounts.allocated(
      { site: caller ?? factoryCallSite(e), label: e.label },
      e.memory,
      dma,
      e.size,
    );
    const row: LiveRow = {
      id: this.nextId++,
      address: e.address,
      size: e.size,
      memory: e.memory,
      region: e.heap ?? region?.label ?? null,
      caller,
      live: true,
      time: e.time ?? this.lastTime,
      line: e.line,
      source: 'live',
      charged,
      siteHandle,
    };
    if (e.label !== undefined) row.label = e.label;
    if (e.method !== undefined) row.method = e.method;
    this.live.set(e.address, row);
    this.track(visibleRow(row));
    this.rowCount++;
    this.charge(e.address, e.memory, charged);
  }

  private deallocate(e: DeallocationEvent): void {
    const row = this.live.get(e.address);
    if (row) this.release(row, e.line);
  }

  private release(row: LiveRow, line: number): void {
    this.live.delete(row.address);
    this.siteAccounts.freed(row.siteHandle);
    this.charge(row.address, row.memory, -row.charged);
    const freed: AllocationRow = { ...visibleRow(row), live: false, freedLine: line };
    this.freed.push(freed);
    this.track(freed);
    // Evict by moving a head index (compacting now and then): trimming the array on every free
    // would copy the whole freed list each time.
    if (this.freed.length - this.freedHead > this.maxFreed) {
      this.drop(this.freed[this.freedHead++].id);
      if (this.freedHead >= this.maxFreed) {
        this.freed = this.freed.slice(this.freedHead);
        this.freedHead = 0;
      }
    }
  }

  private charge(address: number, memory: RegionRecord['memory'], bytes: number): void {
    const region = regionAt(this.regions, address);
    if (region) {
      region.usedSinceReport += bytes;
      noteFree(region);
    } else if (memory === 'psram') {
      this.psramPoolUsed += bytes;
    }
    this.pushTimeline();
  }

  private applyStats(e: PsramStatsEvent): void {
    Object.assign(this.psramStats, e.stats);
  }

  private liveBytesByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.live.values()) {
      const dma = classifyAddress(this.chip, row.address).dma;
      const kind = summaryKindOf(row.memory, dma) ?? 'unknown';
      out[kind] = (out[kind] ?? 0) + row.size;
    }
    return out;
  }

  private pushTimeline(): void {
    const summary = summarise(this.regions, this.psramPoolBytes, this.psramPoolUsed);
    let internal: number | null = null;
    let largest: number | null = null;
    let psram: number | null = null;
    for (const s of summary) {
      if (s.kind === 'internalDma' || s.kind === 'internalOther') {
        internal = (internal ?? 0) + s.free;
        largest = Math.max(largest ?? 0, s.largestFreeBlock);
      }
      if (s.kind === 'psram') psram = s.free;
    }
    const last = this.timeline[this.timeline.length - 1];
    // Device clocks step back (the APP CPU logs "(0)", the two cores interleave); the chart's x
    // axis must not, so a point never goes before the previous one.
    const point: TimelinePoint = {
      time: Math.max(this.lastTime ?? 0, last?.time ?? 0),
      internalFree: internal,
      internalLargest: largest,
      psramFree: psram,
    };
    if (last && last.time === point.time) this.timeline[this.timeline.length - 1] = point;
    else this.timeline.push(point);
    // Halve the resolution of the older half instead of dropping history: the chart keeps its span.
    if (this.timeline.length > this.maxTimeline) {
      const half = this.timeline.length >> 1;
      const older = this.timeline.slice(0, half).filter((_, i) => i % 2 === 0);
      this.timeline = older.concat(this.timeline.slice(half));
    }
  }
}

function visibleRow(r: LiveRow): AllocationRow {
  const { charged: _charged, siteHandle: _site, ...row } = r;
  return row;
}

/**
 * The PSRAM factory logs the address its caller returns to: that is the user's call site by
 * construction (no allocator frame to skip), so an undecoded one still names a site by address
 * (decoded, it becomes file:line).
 */
function factoryCallSite(e: AllocationEvent): SymbolInfo | null {
  const address = e.method === 'psram_lens' ? e.callers?.[0] : undefined;
  return address === undefined ? null : { address, function: '', file: '', fileLine: 0 };
}

/** A failure as the snapshot carries it: its own frames array, and its site when one is decoded. */
function withSite(f: FailureMark): FailureMark {
  if (!f.frames) return f;
  const site = failureSite(f.frames);
  return site ? { ...f, frames: [...f.frames], site } : { ...f, frames: [...f.frames] };
}
