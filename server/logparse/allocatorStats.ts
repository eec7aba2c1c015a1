/**
 * Lines from PSRAM-aware allocators: the allocator header PSRAM Lens provides (tag `psram_lens`:
 * `stats: key=value ...`, `alloc ptr=0x... size=N heap=psram|internal`, `free ptr=0x... size=N`)
 * and the statistics lines of the seed project's allocator (`operator new calls: N, total bytes: M`,
 * `PSRAM fallbacks to internal: N, total bytes: M`, `<phase>: Internal: N bytes, PSRAM: M bytes`).
 */
import type { Chip } from '../target/chips';
import { hex, type EventDraft } from './draft';
import { place } from './placement';

export const ALLOCATOR_TAG = 'psram_lens';

/** `psram_bytes` → `psramBytes`. */
function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `k=v k2=v2` pairs (values as printed). */
function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of text.split(' ')) {
    const eq = word.indexOf('=');
    if (eq > 0) out.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

/** The value after ` key=` up to the next space (live lines: hot, so no splitting). */
function field(text: string, key: string): string | undefined {
  const i = text.indexOf(key);
  if (i === -1) return undefined;
  const from = i + key.length;
  const end = text.indexOf(' ', from);
  return text.slice(from, end === -1 ? text.length : end);
}

function uint(s: string | undefined): number {
  if (s === undefined || s.length === 0 || s.length > 15) return NaN;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** The allocator header's own lines. */
export function parseAllocatorLine(chip: Chip | null, message: string): EventDraft | null {
  if (message.startsWith('stats: ')) {
    const stats: Record<string, number> = {};
    for (const [k, v] of pairs(message.slice(7))) {
      const n = uint(v);
      if (!Number.isNaN(n)) stats[camel(k)] = n;
    }
    return Object.keys(stats).length > 0
      ? { kind: 'psramStats', stats, source: 'psram_lens' }
      : null;
  }
  const isAlloc = message.startsWith('alloc ');
  if (!isAlloc && !message.startsWith('free ')) return null;
  const address = hex(field(message, ' ptr=') ?? '');
  if (Number.isNaN(address)) return null;
  const size = uint(field(message, ' size='));
  const heap = field(message, ' heap=');
  const hint = heap === 'psram' ? 'psram' : heap === 'internal' ? 'internal' : 'unknown';
  const p = place(chip, address, hint);
  if (isAlloc) {
    if (Number.isNaN(size)) return null;
    const e: EventDraft = { kind: 'allocation', address, size, memory: p.memory, dma: p.dma };
    if (heap !== undefined) e.heap = heap;
    e.method = 'psram_lens';
    return e;
  }
  const d: EventDraft = { kind: 'deallocation', address, memory: p.memory };
  if (!Number.isNaN(size)) d.size = size;
  return d;
}

const OPERATOR_NEW = /^operator new calls: (\d{1,15}), total bytes: (\d{1,15})$/;
const FALLBACKS = /^PSRAM fallbacks to internal: (\d{1,15}), total bytes: (\d{1,15})$/;
const SPLIT = /^(?:(.{0,80}?): {1,4})?Internal: (\d{1,15}) bytes, PSRAM: (\d{1,15}) bytes$/;

/** The seed allocator's statistics lines, in an ESP_LOG message or raw. */
export function parseSeedStats(message: string): EventDraft | null {
  let m: RegExpExecArray | null;
  if (message.startsWith('operator new calls: ') && (m = OPERATOR_NEW.exec(message))) {
    return { kind: 'psramStats', stats: { operatorNewCalls: +m[1], totalBytes: +m[2] } };
  }
  if (message.startsWith('PSRAM fallbacks') && (m = FALLBACKS.exec(message))) {
    return { kind: 'psramStats', stats: { fallbacksToInternal: +m[1], fallbackBytes: +m[2] } };
  }
  if (message.includes('Internal: ') && (m = SPLIT.exec(message))) {
    const e: EventDraft = {
      kind: 'psramStats',
      stats: { internalBytes: +m[2], psramBytes: +m[3] },
    };
    if (m[1] !== undefined) e.phase = m[1];
    return e;
  }
  return null;
}
