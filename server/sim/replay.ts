/**
 * Replay: "what if", from the real run. A recorded session (heap-trace records, the factory's
 * allocation lines: sizes, sites and order) becomes a simulator scenario, run as recorded and with
 * changes: chosen sites moved to the PSRAM factory, other sdkconfig values
 * (CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL, the reserve pool, ...), another chip.
 *
 * Recorded allocations replay as malloc()/operator new of the recorded block size, so the
 * configuration decides their placement; factory allocations (and migrated sites) go through the
 * factory's caps chain (PSRAM, then internal). A trace dump says which blocks were freed but not
 * when: they are freed at the end of their dump, so the replay's peak is an upper bound.
 */
import type { HeapEvent } from '../protocol/events';
import type { Chip } from '../target/chips';
import { PSRAM_FACTORY_CHAIN } from '../target/cppModels';
import { siteKey } from '../heap/sites';
import { pickCaller } from '../heap/callers';
import type { RunOutput } from './runner';
import { ScenarioError, type Scenario, type Step } from './scenario';

export type RecordedOp =
  | { op: 'alloc'; id: number; site: string; size: number; factory: boolean }
  | { op: 'free'; id: number };

export interface Recording {
  chip: Chip | null;
  ops: RecordedOp[];
  /** Allocations per site key, in first-seen order. */
  sites: Map<string, number>;
  /** PSRAM size the boot log stated (`found`), else the pool added to the heap; 0 when none. */
  psramBytes: number;
  /** The ESP-IDF version the log names (`ESP-IDF v5.3.1`), when it does. */
  idfVersion: string | null;
  /** The boot log's heap_init regions (the replay starts from the device's own heaps). */
  regions: { address: number; length: number; label: string }[];
}

const IDF_VERSION = /\bESP-IDF:? v(\d+\.\d+(?:\.\d+)?)/;
const FACTORY_METHODS = new Set(['psram_lens', 'psram_factory']);

/**
 * Records a session's allocation sequence event by event (the language server's session feeds it
 * as events arrive). At most `maxOps` operations are kept: a replay cannot run more anyway.
 */
export class SessionRecorder {
  private readonly ops: RecordedOp[] = [];
  private readonly sites = new Map<string, number>();
  private readonly liveAt = new Map<number, number>();
  private readonly traced = new Set<string>();
  private readonly regions: Recording['regions'] = [];
  private id = 0;
  private psramFound = 0;
  private psramPool = 0;
  private idfVersion: string | null = null;
  /** Operations were dropped (the session was longer than `maxOps`). */
  truncated = false;

  constructor(private readonly maxOps = 500_000) {}

  get length(): number {
    return this.ops.length;
  }

  add(e: HeapEvent): void {
    switch (e.kind) {
      case 'allocation': {
        const prev = this.liveAt.get(e.address);
        if (prev !== undefined) this.free(prev);
        const site = siteKey({ site: e.site ?? e.caller ?? null, label: e.label });
        const n = this.alloc(site, e.size, FACTORY_METHODS.has(e.method ?? ''));
        if (n > 0) this.liveAt.set(e.address, n);
        break;
      }
      case 'deallocation': {
        const prev = this.liveAt.get(e.address);
        if (prev !== undefined) {
          this.free(prev);
          this.liveAt.delete(e.address);
        }
        break;
      }
      case 'heapTrace': {
        const freed: number[] = [];
        for (const r of e.records) {
          // A later dump lists the same blocks again.
          const key = `${r.address}:${r.ccount}`;
          if (this.traced.has(key)) continue;
          this.traced.add(key);
          // As the heap model counts it: the decoded site, else the monitor's decode lines.
          const site = r.site ?? pickCaller(r.symbols ?? []);
          const n = this.alloc(siteKey({ site }), r.size, false);
          if (r.freed && n > 0) freed.push(n);
        }
        for (const n of freed) this.free(n);
        break;
      }
      case 'psramPool':
        this.psramPool += e.bytes;
        break;
      case 'heapRegion':
        if (!this.regions.some((r) => r.address === e.address)) {
          this.regions.push({ address: e.address, length: e.length, label: e.label });
        }
        break;
      case 'log': {
        if (e.psram?.fact === 'found' && e.psram.bytes) this.psramFound = e.psram.bytes;
        const m: RegExpExecArray | null =
          this.idfVersion === null ? IDF_VERSION.exec(e.message) : null;
        if (m) this.idfVersion = m[1];
        break;
      }
      default:
        break;
    }
  }

  recording(chip: Chip | null): Recording {
    return {
      chip,
      ops: this.ops,
      sites: this.sites,
      psramBytes: this.psramFound || (this.psramPool > 0 ? nextMiB(this.psramPool) : 0),
      idfVersion: this.idfVersion,
      regions: this.regions,
    };
  }

  private alloc(site: string, size: number, factory: boolean): number {
    if (this.ops.length >= this.maxOps) {
      this.truncated = true;
      return 0;
    }
    this.ops.push({ op: 'alloc', id: ++this.id, site, size, factory });
    this.sites.set(site, (this.sites.get(site) ?? 0) + 1);
    return this.id;
  }

  private free(id: number): void {
    if (this.ops.length >= this.maxOps) {
      this.truncated = true;
      return;
    }
    this.ops.push({ op: 'free', id });
  }
}

/** The allocation sequence of a parsed (and symbolized) session. */
export function recordSession(events: Iterable<HeapEvent>, chip: Chip | null = null): Recording {
  const r = new SessionRecorder();
  for (const e of events) r.add(e);
  return r.recording(chip);
}

/** PSRAM chips come in whole powers of two MiB; the heap pool is a little smaller. */
function nextMiB(bytes: number): number {
  let m = 1 << 20;
  while (m < bytes) m *= 2;
  return m;
}

export interface ReplayOptions {
  chip: Chip;
  idfVersion: string;
  psramSize: number;
  /** sdkconfig values on top of the project's (e.g. from `--set`). */
  sdkconfig?: Record<string, boolean | number | string>;
  /** Site keys (or their trailing `file:line`) whose allocations move to the PSRAM factory. */
  migrate?: readonly string[];
  name?: string;
  /** Start from the recorded heap_init regions (same chip only). */
  recordedRegions?: boolean;
}

/** The site keys `wanted` names: a key, or its trailing path (`main/app.cpp:42`, `app.cpp:42`). */
export function matchSites(rec: Recording, wanted: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of wanted) {
    const hits = [...rec.sites.keys()].filter((k) => k === w || k.endsWith(`/${w}`));
    if (hits.length === 0) {
      throw new ScenarioError(`--migrate ${w}: no allocation site of the session matches`);
    }
    for (const h of hits) out.add(h);
  }
  return out;
}

export function replayScenario(rec: Recording, opts: ReplayOptions): Scenario {
  const moved = matchSites(rec, opts.migrate ?? []);
  const perSite = new Map<string, number>();
  const where = new Map<number, { label: string; object: number }>();
  const steps: Step[] = [];
  for (const op of rec.ops) {
    if (op.op === 'alloc') {
      const object = perSite.get(op.site) ?? 0;
      perSite.set(op.site, object + 1);
      where.set(op.id, { label: op.site, object });
      const viaFactory = op.factory || moved.has(op.site);
      steps.push({
        op: 'allocate',
        label: op.site,
        method: viaFactory ? 'heap_caps_malloc' : 'malloc',
        count: 1,
        size: op.size,
        ...(viaFactory ? { caps: PSRAM_FACTORY_CHAIN } : {}),
        elements: 1,
        cookie: false,
        weak: false,
      });
    } else {
      const w = where.get(op.id);
      if (w) steps.push({ op: 'free', label: w.label, object: w.object, order: 'oldest' });
    }
  }
  return {
    name: opts.name,
    chip: opts.chip,
    idfVersion: opts.idfVersion,
    psramSize: opts.psramSize,
    sdkconfig: opts.sdkconfig ?? {},
    boot: true,
    types: {},
    steps,
    ...(opts.recordedRegions && rec.regions.length > 0 ? { regions: rec.regions } : {}),
  };
}

export interface ReplayMetrics {
  /** Lowest internal free bytes (all internal heaps together) after boot. */
  minFreeInternal: number;
  /** Largest free internal block at the end. */
  largestInternalBlock: number;
  failures: number;
  /** Internal free bytes after boot and after every k-th allocator call (at most ~500 points). */
  internalFree: { step: number; free: number }[];
  /** Bytes of the session's allocations that landed in internal RAM (as placed, summed). */
  internalBytes: number;
}

const POINTS = 500;

/** What the A/B comparison shows, from one run's event stream. */
export function replayMetrics(out: RunOutput): ReplayMetrics {
  const events = out.events;
  let free: number | null = null;
  let min = Number.POSITIVE_INFINITY;
  let largest = 0;
  let failures = 0;
  let internalBytes = 0;
  const charged = new Map<number, number>();
  const calls = events.filter((e) => e.kind === 'allocation' || e.kind === 'deallocation').length;
  const every = Math.max(1, Math.ceil(calls / POINTS));
  const series: { step: number; free: number }[] = [];
  let n = 0;
  for (const e of events) {
    if (e.kind === 'heapInfo') {
      const internal = e.regions.filter((r) => r.memory === 'internal');
      if (free === null) {
        free = internal.reduce((s, r) => s + r.free, 0);
        min = free;
        series.push({ step: 0, free });
      }
      largest = internal.reduce((m, r) => Math.max(m, r.largestFreeBlock), 0);
      continue;
    }
    if (free === null) continue;
    if (e.kind === 'allocation') {
      n++;
      if (e.memory === 'internal') {
        const c = e.charged ?? e.size;
        charged.set(e.address, c);
        free -= c;
        internalBytes += e.size;
        if (free < min) min = free;
      }
    } else if (e.kind === 'deallocation') {
      n++;
      const c = charged.get(e.address);
      if (c) {
        // Zeroed, not deleted: V8 Maps that delete and re-add the same keys (a heap reuses its
        // addresses) measured 100× slower here.
        charged.set(e.address, 0);
        free += c;
      }
    } else if (e.kind === 'allocFailed') {
      failures++;
      continue;
    } else continue;
    if (n % every === 0) series.push({ step: n, free });
  }
  return {
    minFreeInternal: free === null ? 0 : min,
    largestInternalBlock: largest,
    failures,
    internalFree: series,
    internalBytes,
  };
}
