/**
 * Statistics lines from PSRAM-aware allocators: the factory header's `log_stats()` line (tag
 * `psram_lens`: `stats: key=value ...`; its per-allocation lines are factoryLines.ts) and the seed
 * project's allocator (`operator new calls: N, total bytes: M`, `PSRAM fallbacks to internal: N,
 * total bytes: M`, `<phase>: Internal: N bytes, PSRAM: M bytes`).
 */
import type { EventDraft } from './draft';
import { uint } from './factoryLines';

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

/** The factory header's `stats:` line (64-bit counters: exact up to 15 digits). */
export function parseAllocatorStats(message: string): EventDraft | null {
  if (!message.startsWith('stats: ')) return null;
  const stats: Record<string, number> = {};
  for (const [k, v] of pairs(message.slice(7))) {
    const n = uint(v);
    if (!Number.isNaN(n)) stats[camel(k)] = n;
  }
  return Object.keys(stats).length > 0 ? { kind: 'psramStats', stats, source: 'psram_lens' } : null;
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
