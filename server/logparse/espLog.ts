/**
 * The ESP_LOG line prefix (log v1 and v2): `L (timestamp) tag: message`, where the timestamp is
 * milliseconds (`1234`, or UNIX ms), wall-clock time (`00:02:13.045`, `70-01-01 00:00:01.234`)
 * or absent (v2 without timestamps: `I tag: message`), and the tag ends at the first `:`
 * (Wi-Fi blob tags have no space after it: `wifi:alloc eb ...`). Hand-scanned: this runs for
 * every line.
 */
import type { LogEvent, LogLevel } from '../protocol/events';

/**
 * The `log` event of the line, built here in its final shape (this runs for every line); the
 * timestamp is "" when the line carries none (log v2).
 */
export type EspLogLine = Omit<LogEvent, 'line' | 'time'>;

const MAX_TIMESTAMP = 32;
const MAX_BARE_TAG = 32;

function isLevel(c: number): boolean {
  // E W I D V
  return c === 69 || c === 87 || c === 73 || c === 68 || c === 86;
}

function parseTimestamp(s: string, from: number, to: number): number | string | null {
  if (to === from) return null;
  let numeric = true;
  let digit = false;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digit = true;
      value = value * 10 + (c - 48);
      continue;
    }
    numeric = false;
    // wall-clock: digits with ':' '.' '-' ' '
    if (c !== 58 && c !== 46 && c !== 45 && c !== 32) return null;
  }
  if (numeric) return to - from > 15 ? null : value;
  return digit ? s.slice(from, to) : null;
}

function isBareTagChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 45 ||
    c === 46
  );
}

export function parseEspLog(s: string): EspLogLine | null {
  const c0 = s.charCodeAt(0);
  if (!isLevel(c0) || s.charCodeAt(1) !== 32) return null;
  let i = 2;
  let timestamp: number | string = '';
  let tagEnd: number;
  if (s.charCodeAt(2) === 40 /* ( */) {
    const close = s.indexOf(')', 3);
    if (close === -1 || close - 3 > MAX_TIMESTAMP) return null;
    const ts = parseTimestamp(s, 3, close);
    if (ts === null || s.charCodeAt(close + 1) !== 32) return null;
    timestamp = ts;
    i = close + 2;
    tagEnd = s.indexOf(':', i);
    // v2 with a NULL tag prints no ": " at all.
    if (tagEnd === -1) tagEnd = i;
  } else {
    let k = i;
    while (k < s.length && k - i <= MAX_BARE_TAG && isBareTagChar(s.charCodeAt(k))) k++;
    if (k === i || s.charCodeAt(k) !== 58) return null;
    const after = s.charCodeAt(k + 1);
    if (!Number.isNaN(after) && after !== 32) return null;
    tagEnd = k;
  }
  const tag = s.slice(i, tagEnd);
  let m = tagEnd === i && s.charCodeAt(tagEnd) !== 58 ? tagEnd : tagEnd + 1;
  if (s.charCodeAt(m) === 32) m++;
  return {
    kind: 'log',
    level: String.fromCharCode(c0) as LogLevel,
    timestamp,
    tag,
    message: s.slice(m),
  };
}
