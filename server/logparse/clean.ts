/**
 * Removes what is not device text from one line: ANSI escape sequences (the firmware's log
 * colours, esp-idf-monitor's decode colours) and host-side prefixes added by terminals and
 * monitors. Runs on complete lines, so an escape split across chunks is already whole here.
 * Plain scanning, no regular expressions: a megabyte-long line costs one pass.
 */

const ESC = 0x1b;

/** Drop CSI (`ESC [ params final`), OSC (`ESC ] ... BEL|ESC \`) and two-byte escapes. */
export function stripAnsi(line: string): string {
  let i = line.indexOf('\x1b');
  if (i === -1) return line;
  let out = '';
  let from = 0;
  const n = line.length;
  while (i !== -1) {
    out += line.slice(from, i);
    let j = i + 1;
    const kind = j < n ? line.charCodeAt(j) : -1;
    if (kind === 0x5b /* [ */) {
      j++;
      while (j < n) {
        const c = line.charCodeAt(j);
        j++;
        if (c >= 0x40 && c <= 0x7e) break;
      }
    } else if (kind === 0x5d /* ] */) {
      j++;
      while (j < n) {
        const c = line.charCodeAt(j);
        if (c === 0x07) {
          j++;
          break;
        }
        if (c === ESC && line.charCodeAt(j + 1) === 0x5c) {
          j += 2;
          break;
        }
        j++;
      }
    } else if (kind !== -1) {
      j++;
    }
    from = j;
    i = line.indexOf('\x1b', from);
  }
  return out + line.slice(from);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of a run of digits starting at `i` (at most `max`). */
function digits(s: string, i: number, max: number): number {
  let k = 0;
  while (k < max && isDigit(s.charCodeAt(i + k))) k++;
  return k;
}

/** `[12:00:01] `, `[12:00:01.123] `, `[2024-05-01 12:00:01.123] `: bracketed, digits and separators only. */
function bracketPrefix(s: string): number {
  if (s.charCodeAt(0) !== 0x5b) return 0;
  let i = 1;
  let sawDigit = false;
  let sawColon = false;
  while (i < s.length && i < 40) {
    const c = s.charCodeAt(i);
    if (c === 0x5d /* ] */) break;
    if (isDigit(c)) sawDigit = true;
    else if (c === 0x3a) sawColon = true;
    else if (c !== 0x2e && c !== 0x2d && c !== 0x20 && c !== 0x2c && c !== 0x2f && c !== 0x54) {
      return 0;
    }
    i++;
  }
  if (s.charCodeAt(i) !== 0x5d || !sawDigit || !sawColon) return 0;
  i++;
  if (s.charCodeAt(i) === 0x20) i++;
  return i;
}

/** `HH:MM:SS` with optional `.mmm` starting at `i`; returns its length or 0. */
function clock(s: string, i: number): number {
  if (digits(s, i, 2) !== 2 || s.charCodeAt(i + 2) !== 0x3a) return 0;
  if (digits(s, i + 3, 2) !== 2 || s.charCodeAt(i + 5) !== 0x3a) return 0;
  if (digits(s, i + 6, 2) !== 2) return 0;
  let k = 8;
  if (s.charCodeAt(i + k) === 0x2e || s.charCodeAt(i + k) === 0x2c) {
    const d = digits(s, i + k + 1, 9);
    if (d > 0) k += 1 + d;
  }
  return k;
}

/**
 * Unbracketed prefixes: esp-idf-monitor `--timestamps` (`2024-05-01 12:00:01 `, strftime
 * default), and serial terminals' `12:00:01.123 -> ` (Arduino) / `12:00:01.123 > ` (PlatformIO).
 */
function bareTimePrefix(s: string): number {
  let i = 0;
  if (digits(s, 0, 4) === 4 && s.charCodeAt(4) === 0x2d && s.charCodeAt(7) === 0x2d) {
    if (digits(s, 5, 2) !== 2 || digits(s, 8, 2) !== 2 || s.charCodeAt(10) !== 0x20) return 0;
    const k = clock(s, 11);
    if (k === 0 || s.charCodeAt(11 + k) !== 0x20) return 0;
    return 12 + k;
  }
  const k = clock(s, 0);
  if (k === 0) return 0;
  i = k;
  if (s.startsWith(' -> ', i)) return i + 4;
  if (s.startsWith(' > ', i)) return i + 3;
  return 0;
}

/** Remove host-side prefixes (possibly two: a terminal timestamp on top of a monitor one). */
export function stripHostPrefix(line: string): string {
  let s = line;
  for (let round = 0; round < 2; round++) {
    const c = s.charCodeAt(0);
    let cut = 0;
    if (c === 0x5b) cut = bracketPrefix(s);
    else if (isDigit(c)) cut = bareTimePrefix(s);
    if (cut === 0) break;
    s = s.slice(cut);
  }
  return s;
}

/** The device text of a raw line: colours and host prefixes removed. */
export function cleanLine(raw: string): string {
  return stripHostPrefix(stripAnsi(raw));
}
