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
  const address = hex(field(message, ' ptr=') ?? '');
  if (Number.isNaN(address)) return null;
  const size = uint(field(message, ' size='));
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
  const heap = field(message, ' heap=');
  const hint = heap === 'psram' ? 'psram' : heap === 'internal' ? 'internal' : 'unknown';
  const p = place(chip, address, hint);
  const e: EventDraft = { kind: 'allocation', address, size, memory: p.memory, dma: p.dma };
  if (heap !== undefined) e.heap = heap;
  e.method = 'psram_lens';
  const callers = callersOf(message);
  if (callers) e.callers = callers;
  const typeSize = uint(field(message, ' type_size='));
  if (!Number.isNaN(typeSize)) e.objectSize = typeSize;
  return e;
}
