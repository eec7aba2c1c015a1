/**
 * The per-allocation lines of the PSRAM factory header (tag `psram_lens`, format in docs/header.md
 * "Log lines"): `alloc ptr=0x… size=N heap=psram|internal[ caller=0x… type_size=N]`,
 * `free ptr=0x… size=N` and `alloc failed size=N align=N caps=0x… fallback_caps=0x…[ caller=0x…]`.
 * Older headers printed the alloc line without caller and type size; it parses the same.
 */
import type { Chip } from '../target/chips';
import { hex, type EventDraft } from './draft';
import { place } from './placement';

/** The value after ` key=` up to the next space (live lines: hot, so no splitting). */
export function field(text: string, key: string): string | undefined {
  const i = text.indexOf(key);
  if (i === -1) return undefined;
  const from = i + key.length;
  const end = text.indexOf(' ', from);
  return text.slice(from, end === -1 ? text.length : end);
}

/** A decimal of at most 15 digits (exact as a double); NaN otherwise. */
export function uint(s: string | undefined): number {
  if (s === undefined || s.length === 0 || s.length > 15) return NaN;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Where the value after `key` starts, or -1. */
function valueAt(text: string, key: string): number {
  const i = text.indexOf(key);
  return i === -1 ? -1 : i + key.length;
}

/**
 * The decimal (≤ 15 digits) from `i` up to the next space or the end, read in place: these lines
 * are a third of a busy log, and a substring per field showed up in the parser's profile.
 */
function uintAt(text: string, i: number): number {
  if (i < 0) return NaN;
  let v = 0;
  let k = i;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 32) break;
    if (c < 48 || c > 57 || k - i >= 15) return NaN;
    v = v * 10 + (c - 48);
  }
  return k === i ? NaN : v;
}

/** `0x` + at most 8 hex digits from `i` up to the next space or the end (as `hex` reads them). */
function hexAt(text: string, i: number): number {
  if (i < 0) return NaN;
  let k = i;
  if (text.charCodeAt(k) === 48 && (text.charCodeAt(k + 1) | 0x20) === 120) k += 2;
  const from = k;
  let v = 0;
  for (; k < text.length; k++) {
    const raw = text.charCodeAt(k);
    if (raw === 32) break;
    const c = raw | 0x20;
    if (k - from >= 8) return NaN;
    if (c >= 48 && c <= 57) v = v * 16 + (c - 48);
    else if (c >= 97 && c <= 102) v = v * 16 + (c - 87);
    else return NaN;
  }
  return k === from ? NaN : v;
}

/** The word at `i` (up to a space or the end) equals `word`. */
function wordAt(text: string, i: number, word: string): boolean {
  if (i < 0 || !text.startsWith(word, i)) return false;
  const end = i + word.length;
  return end === text.length || text.charCodeAt(end) === 32;
}

/** `caller=0x…` as a one-address caller list (what the symbolizer decodes), or undefined. */
function callersOf(message: string): number[] | undefined {
  const text = field(message, ' caller=');
  if (text === undefined) return undefined;
  const address = hex(text);
  return Number.isNaN(address) || address === 0 ? undefined : [address];
}

function failure(message: string): EventDraft | null {
  const size = uint(field(message, ' size='));
  if (Number.isNaN(size)) return null;
  // The caps of the last attempt, as the failed-alloc hook reports them
  // (docs/reference/malloc-policy.md C6).
  const fallback = hex(field(message, ' fallback_caps=') ?? '');
  const caps = fallback > 0 ? fallback : hex(field(message, ' caps=') ?? '');
  const e: EventDraft = {
    kind: 'allocFailed',
    size,
    caps: Number.isNaN(caps) ? null : caps,
    function: 'psram_lens',
    source: 'psramLensFactory',
  };
  const callers = callersOf(message);
  if (callers) e.callers = callers;
  return e;
}

/** One message of the factory's tag; null when it is not an alloc, free or failure line. */
export function parseFactoryLine(chip: Chip | null, message: string): EventDraft | null {
  if (message.startsWith('alloc failed ')) return failure(message);
  const isAlloc = message.startsWith('alloc ');
  if (!isAlloc && !message.startsWith('free ')) return null;
  const address = hexAt(message, valueAt(message, ' ptr='));
  if (Number.isNaN(address)) return null;
  const size = uintAt(message, valueAt(message, ' size='));
  if (!isAlloc) {
    const d: EventDraft = {
      kind: 'deallocation',
      address,
      memory: place(chip, address, 'unknown').memory,
    };
    if (!Number.isNaN(size)) d.size = size;
    return d;
  }
  if (Number.isNaN(size)) return null;
  const heapAt = valueAt(message, ' heap=');
  const hint = wordAt(message, heapAt, 'psram')
    ? 'psram'
    : wordAt(message, heapAt, 'internal')
      ? 'internal'
      : 'unknown';
  const heap = heapAt < 0 ? undefined : hint !== 'unknown' ? hint : field(message, ' heap=');
  const p = place(chip, address, hint);
  const e: EventDraft = { kind: 'allocation', address, size, memory: p.memory, dma: p.dma };
  if (heap !== undefined) e.heap = heap;
  e.method = 'psram_lens';
  const callers = callersOf(message);
  if (callers) e.callers = callers;
  const typeSize = uintAt(message, valueAt(message, ' type_size='));
  if (!Number.isNaN(typeSize)) e.objectSize = typeSize;
  return e;
}
