/**
 * What a format module returns: an event without `line` and `time`, which the stream parser
 * stamps on (it knows the input line and the last device timestamp).
 */
import type { HeapEvent } from '../protocol/events';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type EventDraft = DistributiveOmit<HeapEvent, 'line' | 'time'>;

/** The draft of one event kind. */
export type Draft<E extends HeapEvent> = Omit<E, 'line' | 'time'>;

/** Parse an unsigned hex string (with or without 0x) of at most 8 digits; NaN when not hex. */
export function hex(s: string): number {
  const from = s.charCodeAt(0) === 48 && (s.charCodeAt(1) | 0x20) === 120 ? 2 : 0;
  const n = s.length - from;
  if (n === 0 || n > 8) return NaN;
  let v = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 48 && c <= 57) v = v * 16 + (c - 48);
    else if (c >= 97 && c <= 102) v = v * 16 + (c - 87);
    else return NaN;
  }
  return v;
}
