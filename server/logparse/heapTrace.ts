/**
 * `heap_trace_dump()` in its three generations (standalone tracing):
 * - v3.x–v5.0: `N allocations trace (M entry buffer)`, records, `… bytes alive|'leaked' in trace
 *   …`, `total allocations N total frees M`, then optional `(NB: …)` lines; no end marker.
 * - v5.1–v5.4: `====== Heap Trace: N records (M capacity) ======`, records with `%6d` sizes and
 *   `, Internal` / `,    PSRAM` labels, a `Heap Trace Summary` section, 32 `=` at the end.
 * - v5.5+: as v5.1, but ` caller …` only with stack info, and ` freed` for freed records without it.
 * In all of them `freed by a:b` follows a record on its own line (trace-all mode).
 * A dump pasted without its banner (records first, as people abridge them in issues) is still a
 * trace: it starts at its first record and is marked incomplete.
 */
import type { HeapTraceRecord, SymbolInfo } from '../protocol/events';
import type { Chip } from '../target/chips';
import type { Block, FeedResult } from './block';
import { hex, type EventDraft } from './draft';
import { place } from './placement';

const GEN1_START = /^(\d{1,10}) allocations trace \((\d{1,10}) entry buffer\)$/;
const GEN2_START = /^====== Heap Trace: (\d{1,10}) records \((\d{1,10}) capacity\) ======$/;
const RECORD =
  /^ {0,12}(\d{1,10}) bytes \(@ 0x([0-9a-fA-F]{1,8})(, Internal|, {1,4}PSRAM)?\) allocated CPU (\d{1,2}) ccount 0x([0-9a-fA-F]{1,8})(?: caller ?([0-9a-fA-Fx:]{0,600}))?( freed)? {0,4}$/;
const FREED_BY = /^freed by ([0-9a-fA-Fx:]{0,600}) {0,4}$/;

type Summary = Record<string, number | string>;
interface SummaryRule {
  re: RegExp;
  apply: (m: RegExpExecArray, s: Summary) => void;
}

const SUMMARY_RULES: SummaryRule[] = [
  { re: /^Mode: Heap Trace (All|Leaks)$/, apply: (m, s) => void (s.mode = m[1].toLowerCase()) },
  {
    re: /^(\d{1,12}) bytes alive in trace \((\d{1,10})\/(\d{1,10}) allocations\)$/,
    apply: (m, s) => Object.assign(s, { bytesAlive: +m[1], allocationsAlive: +m[2], count: +m[3] }),
  },
  {
    re: /^(\d{1,12}) bytes 'leaked' in trace \((\d{1,10}) allocations\)$/,
    apply: (m, s) => Object.assign(s, { bytesLeaked: +m[1], allocationsLeaked: +m[2] }),
  },
  {
    re: /^records: (\d{1,10}) \((\d{1,10}) capacity, (\d{1,10}) high water mark\)$/,
    apply: (m, s) => Object.assign(s, { records: +m[1], capacity: +m[2], highWaterMark: +m[3] }),
  },
  {
    re: /^hashmap: (\d{1,10}) capacity \((\d{1,10}) hits, (\d{1,10}) misses\)$/,
    apply: (m, s) =>
      Object.assign(s, { hashmapCapacity: +m[1], hashmapHits: +m[2], hashmapMisses: +m[3] }),
  },
  { re: /^total allocations:? (\d{1,12})$/, apply: (m, s) => void (s.totalAllocations = +m[1]) },
  { re: /^total frees: (\d{1,12})$/, apply: (m, s) => void (s.totalFrees = +m[1]) },
  {
    re: /^total allocations (\d{1,12}) total frees (\d{1,12})$/,
    apply: (m, s) => Object.assign(s, { totalAllocations: +m[1], totalFrees: +m[2] }),
  },
  {
    re: /^\(NB: New entries were traced while dumping, so trace dump may have duplicate entries\.\)$/,
    apply: (_m, s) => void (s.tracedWhileDumping = 1),
  },
  {
    re: /^\(NB: (?:Internal )?Buffer has overflowed, so trace data is incomplete\.\)$/,
    apply: (_m, s) => void (s.overflowed = 1),
  },
];

export interface TraceStart {
  generation: 1 | 2;
  /** null: no banner was seen (a pasted dump), so the count and capacity are unknown. */
  declared: number | null;
  capacity: number | null;
}

/** A record line outside a dump: the start of a dump pasted without its banner. */
export function bannerlessTrace(text: string, chip: Chip | null): HeapTraceBlock | null {
  if (!text.includes(' bytes (@ 0x')) return null;
  const block = new HeapTraceBlock({ generation: 1, declared: null, capacity: null });
  return block.feed(text, chip) === 'consume' ? block : null;
}

export function heapTraceStart(text: string): TraceStart | null {
  let m: RegExpExecArray | null;
  if (text.charCodeAt(0) === 61 /* = */ && (m = GEN2_START.exec(text))) {
    return { generation: 2, declared: +m[1], capacity: +m[2] };
  }
  if (text.includes(' allocations trace (') && (m = GEN1_START.exec(text))) {
    return { generation: 1, declared: +m[1], capacity: +m[2] };
  }
  return null;
}

function callerList(text: string | undefined): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.split(':')) {
    const v = hex(part);
    if (!Number.isNaN(v) && v !== 0) out.push(v);
  }
  return out;
}

/** How many of the latest records a decode line may still attach to. */
const ATTACH_WINDOW = 4;

export class HeapTraceBlock implements Block {
  private readonly records: HeapTraceRecord[] = [];
  private summary: Summary | null = null;
  private corrupt = false;
  /** v3.x–v5.0: the totals line was read; `(NB: …)` lines may still follow. */
  private inTrailer = false;
  private ended = false;
  /** Records handed out early (streaming); `records` holds the rest. */
  private streamed = 0;

  constructor(private readonly start: TraceStart) {}

  /**
   * Hand out all records but the last few (a decode line or `freed by` may still attach to them)
   * once at least `min` can go; `min` 0: all of them (the dump ended). Null when none go.
   */
  spill(min: number): HeapTraceRecord[] | null {
    const keep = min === 0 ? 0 : ATTACH_WINDOW;
    const n = this.records.length - keep;
    if (n <= 0 || n < min) return null;
    this.streamed += n;
    return this.records.splice(0, n);
  }

  /** Attach a monitor decode line to the latest record that lists its address. */
  attachSymbol(symbol: SymbolInfo): boolean {
    for (let i = this.records.length - 1; i >= 0 && i >= this.records.length - ATTACH_WINDOW; i--) {
      const r = this.records[i];
      if (r.callers.includes(symbol.address)) {
        (r.symbols ??= []).push(symbol);
        return true;
      }
      if (r.freedBy?.includes(symbol.address)) {
        (r.freedBySymbols ??= []).push(symbol);
        return true;
      }
    }
    return false;
  }

  feed(text: string, chip: Chip | null): FeedResult {
    let m: RegExpExecArray | null;
    if (this.summary === null && (m = RECORD.exec(text))) {
      const address = hex(m[2]);
      const label = m[3] ? (m[3].endsWith('PSRAM') ? 'PSRAM' : 'Internal') : undefined;
      const p = place(chip, address, label === 'PSRAM' ? 'psram' : label ? 'internal' : 'unknown');
      const rec: HeapTraceRecord = {
        size: +m[1],
        address,
        memory: p.memory,
        dma: p.dma,
        cpu: +m[4],
        ccount: hex(m[5]),
        callers: callerList(m[6]),
      };
      if (label) rec.label = label;
      if (m[7]) rec.freed = true;
      this.records.push(rec);
      return 'consume';
    }
    if (text.startsWith('freed by ') && (m = FREED_BY.exec(text))) {
      const last = this.records[this.records.length - 1];
      if (!last || this.summary !== null) return 'foreign';
      last.freedBy = callerList(m[1]);
      last.freed = true;
      return 'consume';
    }
    if (text === 'Error: heap trace linked list is corrupt. expected more records.') {
      this.corrupt = true;
      return 'consume';
    }
    if (text === '====== Heap Trace Summary ======') {
      this.summary = {};
      return 'consume';
    }
    if (this.start.generation === 2 && text === '================================') {
      this.ended = true;
      return 'done';
    }
    for (const rule of SUMMARY_RULES) {
      if ((m = rule.re.exec(text))) {
        this.summary ??= {};
        rule.apply(m, this.summary);
        if (this.start.generation === 1 && this.summary.totalAllocations !== undefined) {
          this.inTrailer = true;
          this.ended = true;
        }
        return 'consume';
      }
    }
    return this.inTrailer ? 'close' : 'foreign';
  }

  finish(): EventDraft {
    return {
      kind: 'heapTrace',
      declaredRecords: this.start.declared,
      capacity: this.start.capacity,
      records: this.records,
      summary: this.summary,
      complete:
        this.start.declared !== null &&
        this.ended &&
        !this.corrupt &&
        this.streamed + this.records.length >= this.start.declared,
    };
  }
}
