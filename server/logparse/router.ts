/**
 * What one complete, cleaned line outside a block yields: an ESP_LOG line gives its `log` event
 * and then the more specific one (dispatched on the tag, then on cheap substring gates); a raw
 * line gives a specific event, starts a block, or is kept as `text`.
 */
import type { TextEvent } from '../protocol/events';
import type { Chip } from '../target/chips';
import { ALLOCATOR_TAG, parseAllocatorStats, parseSeedStats } from './allocatorStats';
import { parseAllocFailure, parseWifiFailure } from './allocFailure';
import type { Block } from './block';
import { chipFromLog, chipFromText } from './chipDetect';
import { parseFactoryLine } from './factoryLines';
import type { EventDraft } from './draft';
import { parseEspLog, type EspLogLine } from './espLog';
import { parseFreeHeap } from './freeHeap';
import { HEAP_INIT_TAGS, parseHeapInit } from './heapInit';
import { HeapInfoBlock, heapInfoStart } from './heapInfo';
import { bannerlessTrace, HeapTraceBlock, heapTraceStart } from './heapTrace';
import { noteFor } from './notes';
import { parsePsramLine } from './psram';

/**
 * Every substring that can make a free-form message interesting to the generic parsers (seed
 * statistics, allocation failures, free-heap figures). Nearly no line has one, and one regex scan
 * is cheaper than asking each parser in turn.
 */
const INTERESTING =
  /operator new calls: |PSRAM fallbacks|Internal: | was called but failed|Mem alloc fail|Memory allocation failed|ESP_ERR|[hH][eE][aA][pP]/;

export interface Routed {
  drafts: EventDraft[];
  /** The line's numeric ESP_LOG timestamp (ms). */
  time?: number;
  /** The chip the line reveals. */
  chip?: Chip;
  /** A block the line opens (the line is its header). */
  block?: Block;
}

function specificOfLog(log: EspLogLine, chip: Chip | null, out: Routed): void {
  const { tag, message } = log;
  if (HEAP_INIT_TAGS.has(tag)) {
    const region = parseHeapInit(chip, message);
    if (region) out.drafts.push(region);
    return;
  }
  const fact = parsePsramLine(tag, message);
  if (fact) {
    log.psram = fact;
    if (fact.fact === 'pool' && fact.bytes !== undefined) {
      out.drafts.push({ kind: 'psramPool', bytes: fact.bytes });
    }
    if (fact.fact === 'chip' && fact.text) {
      out.chip = chipFromText(`This chip is ${fact.text}`) ?? undefined;
    }
    return;
  }
  if (tag === ALLOCATOR_TAG) {
    const e = parseFactoryLine(chip, message) ?? parseAllocatorStats(message);
    if (e) {
      out.drafts.push(e);
      return;
    }
  }
  if (tag === 'wifi') {
    const e = parseWifiFailure(message);
    if (e) {
      out.drafts.push(e);
      return;
    }
  }
  const detected = chipFromLog(tag, message);
  if (detected) out.chip = detected;
  if (!INTERESTING.test(message)) return;
  const specific = parseSeedStats(message) ?? parseAllocFailure(message);
  if (specific) out.drafts.push(specific);
  const freeHeap = parseFreeHeap(message);
  if (freeHeap) log.freeHeap = freeHeap;
}

/** Route one line into `out` (reset here; the parser reuses one object for every line). */
export function routeLine(text: string, chip: Chip | null, out: Routed): void {
  // A fresh array is cheaper than truncating one (setting length is a runtime call in V8).
  out.drafts = [];
  out.time = undefined;
  out.chip = undefined;
  out.block = undefined;
  const log = parseEspLog(text);
  if (log) {
    out.drafts.push(log);
    if (typeof log.timestamp === 'number') out.time = log.timestamp;
    specificOfLog(log, chip, out);
    return;
  }
  const caps = heapInfoStart(text);
  if (caps !== null) {
    out.block = new HeapInfoBlock(caps);
    return;
  }
  const trace = heapTraceStart(text);
  if (trace) {
    out.block = new HeapTraceBlock(trace);
    return;
  }
  const pasted = bannerlessTrace(text, chip);
  if (pasted) {
    out.block = pasted;
    return;
  }
  const interesting = INTERESTING.test(text);
  const specific = interesting ? (parseSeedStats(text) ?? parseAllocFailure(text)) : null;
  if (specific) {
    out.drafts.push(specific);
    return;
  }
  const detected = chipFromText(text);
  if (detected) out.chip = detected;
  const t: Omit<TextEvent, 'line' | 'time'> = { kind: 'text', text };
  const note = noteFor(chip, text);
  if (note) Object.assign(t, note);
  const freeHeap = interesting ? parseFreeHeap(text) : null;
  if (freeHeap) t.freeHeap = freeHeap;
  out.drafts.push(t);
}
