/**
 * Gives every event that carries code addresses its decoded frames and its site: heap-trace
 * records (`callers`, `freedBy`), the factory's verbose allocation and failure lines (`callers`) and
 * `Backtrace:` lines (panic, abort, failed allocation). Addresses the monitor already decoded
 * (its decode lines, attached by the parser or seen as `symbol` events) are used as they are;
 * the rest go to the ELF decoder when there is one.
 */
import type { HeapEvent, HeapTraceRecord, SymbolInfo } from '../protocol/events';
import { pickCaller, type SiteOptions } from '../heap/callers';

export interface AddressDecoder {
  decode(addresses: Iterable<number>): Promise<Map<number, SymbolInfo | null>>;
}

/** Monitor decodes remembered for later events (bounded: the oldest are dropped). */
const MAX_MONITOR_DECODES = 65_536;

/** Whether `events` carry addresses this symbolizer would decode (the cheap check before awaiting). */
export function hasAddresses(events: readonly HeapEvent[]): boolean {
  for (const e of events) {
    if (e.kind === 'heapTrace' && e.records.length > 0) return true;
    if ((e.kind === 'allocation' || e.kind === 'allocFailed') && e.callers?.length) return true;
    if (e.kind === 'text' && e.backtrace?.length) return true;
  }
  return false;
}

export class EventSymbolizer {
  private readonly monitor = new Map<number, SymbolInfo>();
  private failed: Error | null = null;

  constructor(
    private readonly decoder: AddressDecoder | null,
    private readonly opts: SiteOptions & {
      onNotice?: (message: string) => void;
      /** Why there is no decoder: said once, when the first addresses stay undecoded. */
      unavailable?: string;
    } = {},
  ) {}

  private told = false;

  /** The decoder failed (tool missing, ELF rejected): later batches fall back to monitor decodes. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Annotate `events` in place. Never throws: a failing decoder is reported once and dropped. */
  async annotate(events: readonly HeapEvent[]): Promise<void> {
    const wanted = new Set<number>();
    for (const e of events) if (e.kind === 'symbol') this.remember(e);
    for (const e of events) this.collect(e, wanted);
    let decoded: Map<number, SymbolInfo | null> | null = null;
    if (wanted.size > 0 && !this.decoder && this.opts.unavailable && !this.told) {
      this.told = true;
      this.opts.onNotice?.(this.opts.unavailable);
    }
    if (wanted.size > 0 && this.decoder && !this.failed) {
      try {
        decoded = await this.decoder.decode(wanted);
      } catch (err) {
        this.failed = err instanceof Error ? err : new Error(String(err));
        this.opts.onNotice?.(
          `cannot decode addresses (${this.failed.message}); using the monitor's decode lines only`,
        );
      }
    }
    const lookup = (a: number): SymbolInfo | null => this.monitor.get(a) ?? decoded?.get(a) ?? null;
    for (const e of events) {
      if (e.kind === 'heapTrace') {
        for (const r of e.records) this.record(r, lookup);
      } else if (
        (e.kind === 'allocation' || e.kind === 'allocFailed') &&
        e.callers &&
        e.callers.length > 0
      ) {
        const frames = frameList(e.callers, lookup);
        if (frames.length > 0) {
          e.frames = frames;
          const site = pickCaller(frames, this.opts);
          if (site) e.site = site;
        }
      } else if (e.kind === 'text' && e.backtrace && e.backtrace.length > 0) {
        const frames = frameList(e.backtrace, lookup);
        if (frames.length > 0) {
          e.frames = frames;
          const site = pickCaller(frames, this.opts);
          if (site) e.site = site;
        }
      }
    }
  }

  private collect(e: HeapEvent, wanted: Set<number>): void {
    const add = (a: number): void => {
      if (!this.monitor.has(a)) wanted.add(a);
    };
    switch (e.kind) {
      case 'heapTrace':
        for (const r of e.records) {
          if (!r.symbols) for (const a of r.callers) add(a);
          if (r.freedBy && !r.freedBySymbols) for (const a of r.freedBy) add(a);
        }
        return;
      case 'allocation':
      case 'allocFailed':
        if (e.callers) for (const a of e.callers) add(a);
        return;
      case 'text':
        if (e.backtrace) for (const a of e.backtrace) add(a);
        return;
      default:
        return;
    }
  }

  private remember(e: SymbolInfo): void {
    if (this.monitor.size >= MAX_MONITOR_DECODES) {
      this.monitor.delete(this.monitor.keys().next().value as number);
    }
    this.monitor.set(e.address, symbolOf(e));
  }

  private record(r: HeapTraceRecord, lookup: (a: number) => SymbolInfo | null): void {
    if (!r.symbols) {
      const frames = frameList(r.callers, lookup);
      if (frames.length > 0) r.symbols = frames;
    }
    if (r.freedBy && !r.freedBySymbols) {
      const frames = frameList(r.freedBy, lookup);
      if (frames.length > 0) r.freedBySymbols = frames;
    }
    if (r.symbols) {
      const site = pickCaller(r.symbols, this.opts);
      if (site) r.site = site;
    }
  }
}

function frameList(
  addresses: readonly number[],
  lookup: (a: number) => SymbolInfo | null,
): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const a of addresses) {
    const s = lookup(a);
    if (s) out.push(s);
  }
  return out;
}

/** A symbol event without its event fields. */
function symbolOf(e: SymbolInfo & { kind?: string }): SymbolInfo {
  const s: SymbolInfo = {
    address: e.address,
    function: e.function,
    file: e.file,
    fileLine: e.fileLine,
  };
  if (e.inlinedBy) s.inlinedBy = e.inlinedBy;
  if (e.rom) s.rom = e.rom;
  return s;
}
