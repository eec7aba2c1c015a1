/**
 * What a format module returns: an event without `line` and `time`, which the stream parser
 * stamps on (it knows the input line and the last device timestamp).
 */
import type { HeapEvent } from '../heap/events';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type EventDraft = DistributiveOmit<HeapEvent, 'line' | 'time'>;

/** Parse an unsigned hex string (with or without 0x) of at most 8 digits; NaN when not hex. */
export function hex(s: string): number {
  const t = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (t.length === 0 || t.length > 8) return NaN;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return NaN;
  }
  return parseInt(t, 16);
}
