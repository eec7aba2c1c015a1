/**
 * The streaming serial-log parser: chunks in (split anywhere), typed heap events out, in input
 * order. Every decision depends on complete lines only, so any chunking gives the same events
 * as the whole text. While a multi-line block is open, lines interleaved by the other core are
 * held back and emitted right after the block's event, which keeps events ordered by `line`.
 */
import type {
  AllocFailedEvent,
  HeapEvent,
  HeapTraceRecord,
  SymbolEvent,
  SymbolInfo,
} from '../protocol/events';
import type { Chip } from '../target/chips';
import { classifyAddress } from '../target/memoryMap';
import type { Block } from './block';
import { cleanLine } from './clean';
import type { Draft, EventDraft } from './draft';
import { HeapTraceBlock, heapTraceStart } from './heapTrace';
import { heapInfoStart } from './heapInfo';
import { LineSplitter } from './lineSplitter';
import { parseDecode } from './monitorDecode';
import { routeLine, type Routed } from './router';
import { CHIPS } from '../target/chips';

export interface LogParserOptions {
  /** The chip when known (`--chip`, sdkconfig); otherwise detected from the log. */
  chip?: Chip | null;
  /** Test hook: lines longer than this are cut (default 8 MiB). */
  maxLineChars?: number;
  /**
   * Hand heap-trace records out as they are read (`heapTraceRecords` chunks from `pushParts` /
   * `endParts`, before their dump's event, which then holds only the last few), so a dump of
   * 500,000 records is not held whole: `parse-log --json` writes them as they come. Use the
   * `…Parts` methods with it; `push`/`end` callers leave it off.
   */
  streamTraceRecords?: boolean;
}

/** Records of the open heap-trace dump that starts on `line`, handed out early (streamTraceRecords). */
export interface TraceRecordsChunk {
  kind: 'heapTraceRecords';
  line: number;
  records: HeapTraceRecord[];
}

export type ParserOutput = HeapEvent | TraceRecordsChunk;

/** Streamed records are handed out in chunks of at least this many. */
const STREAM_CHUNK = 1024;

const NO_SYMBOLS: SymbolInfo[] = [];

/** How many recent device lines a decode line may refer back to (the monitor decodes right after). */
const RECENT_LINES = 8;
const RECENT_SCAN = 4096;

/** A second report of one failure follows the first within this many lines. */
const SAME_FAILURE_WITHIN = 8;

/** Reports without a size that restate a failure just printed (not Wi-Fi frame drops). */
const RESTATING = new Set(['espErrNoMem', 'espErrorCheck', 'memoryAllocationFailed']);

/**
 * Whether `d` re-reports the failure `first` (line `firstLine`): a report without a size (the
 * app's ESP_ERR_NO_MEM, ESP_ERROR_CHECK, "Memory allocation failed") right after one, or the
 * abort's "Mem alloc fail" of the same size after the failed-alloc callback.
 */
function sameFailure(first: AllocFailedEvent, d: Draft<AllocFailedEvent>, line: number): boolean {
  if (line - first.line > SAME_FAILURE_WITHIN) return false;
  if (d.sizeUnknown) return !first.sizeUnknown && RESTATING.has(d.source);
  return (
    d.source === 'memAllocFail' && first.source === 'failedAllocCallback' && d.size === first.size
  );
}

/** Consecutive foreign lines after which an open block is taken as cut off. */
const MAX_FOREIGN_RUN = 8;

function isBlockBreaker(text: string): boolean {
  return (
    heapInfoStart(text) !== null ||
    heapTraceStart(text) !== null ||
    text.startsWith('ets ') ||
    text.startsWith('ESP-ROM:') ||
    text.startsWith('rst:0x') ||
    text.startsWith('Rebooting...')
  );
}

export class LogStreamParser {
  private readonly splitter: LineSplitter;
  private chipValue: Chip | null;
  private readonly chipFixed: boolean;
  private readonly streamTraces: boolean;
  /** Chips still consistent with the heap_init region addresses seen (detection fallback). */
  private regionCandidates: Chip[] = [...CHIPS];
  private lineNo = 0;
  private time: number | undefined;
  private block: Block | null = null;
  private blockLine = 0;
  private blockTime: number | undefined;
  private foreignRun = 0;
  private held: HeapEvent[] = [];
  /** The last symbol event, kept until the next line so `(inlined by)` frames can join it. */
  private pendingSymbol: SymbolEvent | null = null;
  /** Where the last decoded address went (its event, and the trace record's copy). */
  private lastSymbol: SymbolInfo[] = NO_SYMBOLS;
  private readonly routed: Routed = { drafts: [] };
  /** The last device lines (ring), so a decode line can name the line that printed its address. */
  private readonly recentText: string[] = new Array<string>(RECENT_LINES).fill('');
  private readonly recentLine: number[] = new Array<number>(RECENT_LINES).fill(0);
  private recentCount = 0;
  /** The last failure reported (first report), to recognise it printed a second time. */
  private lastFailure: AllocFailedEvent | null = null;

  constructor(opts: LogParserOptions = {}) {
    this.splitter = new LineSplitter(opts.maxLineChars);
    this.chipValue = opts.chip ?? null;
    this.chipFixed = this.chipValue !== null;
    this.streamTraces = opts.streamTraceRecords === true;
  }

  /** The chip given, or detected so far. */
  get chip(): Chip | null {
    return this.chipValue;
  }

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: string | Uint8Array): HeapEvent[] {
    // Only `pushParts` callers (streamTraceRecords) ever see record chunks.
    return this.pushParts(chunk) as HeapEvent[];
  }

  end(): HeapEvent[] {
    return this.endParts() as HeapEvent[];
  }

  /** As `push`, with `heapTraceRecords` chunks in order when `streamTraceRecords` is on. */
  pushParts(chunk: string | Uint8Array): ParserOutput[] {
    const out: ParserOutput[] = [];
    for (const line of this.splitter.push(chunk)) this.line(line, out);
    return out;
  }

  endParts(): ParserOutput[] {
    const out: ParserOutput[] = [];
    for (const line of this.splitter.end()) this.line(line, out);
    this.flushSymbol(out);
    if (this.block) this.closeBlock(out);
    return out;
  }

  private line(raw: string, out: ParserOutput[]): void {
    this.lineNo++;
    const text = cleanLine(raw);
    const c = text.charCodeAt(0);
    if (Number.isNaN(c) || ((c === 32 || c === 9) && text.trim().length === 0)) return;
    if (
      c === 45 /* - */ ||
      c === 48 /* 0 */ ||
      c === 32 /* space */ ||
      c === 40 /* ( */ ||
      c === 35 /* # */
    ) {
      const decoded = parseDecode(text);
      if (decoded?.kind === 'inlined') {
        for (const s of this.lastSymbol) (s.inlinedBy ??= []).push({ ...decoded.frame });
        return;
      }
      this.flushSymbol(out);
      if (decoded?.kind === 'symbol') {
        this.symbol(decoded.symbol);
        return;
      }
      if (decoded?.kind === 'unknown') {
        this.lastSymbol = NO_SYMBOLS;
        const p = classifyAddress(this.chipValue, decoded.address);
        this.emit(
          { kind: 'text', text, note: 'symbolUnknown', address: decoded.address, memory: p.memory },
          out,
        );
        return;
      }
    } else {
      this.flushSymbol(out);
    }
    this.lastSymbol = NO_SYMBOLS;
    const slot = this.recentCount++ % RECENT_LINES;
    this.recentText[slot] = text;
    this.recentLine[slot] = this.lineNo;
    if (this.block) {
      const r = this.block.feed(text, this.chipValue);
      if (r === 'consume' || r === 'done') {
        this.foreignRun = 0;
        if (this.streamTraces && this.block instanceof HeapTraceBlock) {
          const records = this.block.spill(STREAM_CHUNK);
          if (records) out.push({ kind: 'heapTraceRecords', line: this.blockLine, records });
        }
        if (r === 'done') this.closeBlock(out);
        return;
      }
      if (r === 'close' || ++this.foreignRun > MAX_FOREIGN_RUN || isBlockBreaker(text)) {
        this.closeBlock(out);
      }
    }
    this.route(text, out);
  }

  private route(text: string, out: ParserOutput[]): void {
    const routed = this.routed;
    routeLine(text, this.chipValue, routed);
    if (routed.time !== undefined) this.time = routed.time;
    if (routed.chip && !this.chipFixed && this.chipValue === null) this.chipValue = routed.chip;
    const drafts = routed.drafts;
    for (let i = 0; i < drafts.length; i++) {
      const d = drafts[i];
      if (d.kind === 'heapRegion') this.narrowByRegion(d.address);
      if (d.kind === 'allocFailed' && !d.benign) {
        if (this.lastFailure && sameFailure(this.lastFailure, d, this.lineNo)) {
          d.duplicateOf = this.lastFailure.line;
          // Restated once: a third report is a failure of its own.
          this.lastFailure = null;
        } else {
          this.emit(d, out);
          this.lastFailure = d as AllocFailedEvent;
          continue;
        }
      }
      this.emit(d, out);
    }
    if (routed.block) {
      // A pasted trace record can open a dump while another block is still open.
      if (this.block) this.closeBlock(out);
      this.block = routed.block;
      this.blockLine = this.lineNo;
      this.blockTime = this.time;
      this.foreignRun = 0;
    }
  }

  /** A decode line: it belongs to the line it follows, so it never counts as foreign to a block. */
  private symbol(symbol: SymbolInfo): void {
    const e: SymbolEvent = { kind: 'symbol', line: this.lineNo, ...symbol };
    if (this.time !== undefined) e.time = this.time;
    const ofLine = this.deviceLineWith(symbol.address);
    if (ofLine !== null) e.ofLine = ofLine;
    this.lastSymbol = [e];
    if (this.block instanceof HeapTraceBlock) {
      const copy = { ...symbol };
      if (this.block.attachSymbol(copy)) this.lastSymbol.push(copy);
    }
    if (this.block) this.held.push(e);
    else this.pendingSymbol = e;
  }

  /** The newest recent device line that printed `address` (as `0x` + 8 hex digits, any case). */
  private deviceLineWith(address: number): number | null {
    const hex = `0x${address.toString(16).padStart(8, '0')}`;
    for (let k = 1; k <= Math.min(RECENT_LINES, this.recentCount); k++) {
      const slot = (this.recentCount - k) % RECENT_LINES;
      const line = this.recentLine[slot];
      // Addresses sit near the start of the lines the monitor decodes; a huge line is not rescanned.
      const text = this.recentText[slot];
      const head = text.length > RECENT_SCAN ? text.slice(0, RECENT_SCAN) : text;
      if (head.toLowerCase().includes(hex)) return line;
    }
    return null;
  }

  private flushSymbol(out: ParserOutput[]): void {
    if (this.pendingSymbol) out.push(this.pendingSymbol);
    this.pendingSymbol = null;
  }

  /** Stamp `line` and `time` onto a fresh draft (it becomes the event; no copy per line). */
  private emit(d: EventDraft, out: ParserOutput[]): void {
    const e = d as HeapEvent;
    e.line = this.lineNo;
    if (this.time !== undefined) e.time = this.time;
    if (this.block) this.held.push(e);
    else out.push(e);
  }

  private closeBlock(out: ParserOutput[]): void {
    const block = this.block;
    if (!block) return;
    this.block = null;
    if (this.streamTraces && block instanceof HeapTraceBlock) {
      const records = block.spill(0);
      if (records) out.push({ kind: 'heapTraceRecords', line: this.blockLine, records });
    }
    const e = { ...block.finish(), line: this.blockLine } as HeapEvent;
    if (this.blockTime !== undefined) e.time = this.blockTime;
    out.push(e);
    // One by one: spreading a long backlog (100k+ decode lines) into push() overflows the stack.
    for (const h of this.held) out.push(h);
    this.held = [];
    this.foreignRun = 0;
  }

  private narrowByRegion(address: number): void {
    if (this.chipFixed || this.chipValue !== null) return;
    this.regionCandidates = this.regionCandidates.filter(
      (c) => classifyAddress(c, address).memory !== 'unknown',
    );
    if (this.regionCandidates.length === 1) this.chipValue = this.regionCandidates[0];
  }
}

/** Parse a whole text (or byte buffer) at once; identical to streaming it in any chunks. */
export function parseLog(
  input: string | Uint8Array,
  opts: LogParserOptions = {},
): { chip: Chip | null; lines: number; events: HeapEvent[] } {
  const p = new LogStreamParser(opts);
  const events = p.push(input);
  for (const e of p.end()) events.push(e);
  return { chip: p.chip, lines: p.lines, events };
}
