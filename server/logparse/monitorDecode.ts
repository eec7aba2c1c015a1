/**
 * Address-decode lines the monitor prints after a device line (addr2line output), in every
 * generation: idf_monitor / esp-idf-monitor < 1.5 (`0x400d276d: f at /p/main.c:27`, inlined frames
 * as ` (inlined by) g at /p/x.h:3`), 1.5–1.6 (`--- ` before the first line of a block) and 1.7+
 * (`--- ` before every line, `--- 0x…: (unknown)`, `--- 0x…: f in ROM`). The line number may be
 * `?` and followed by ` (discriminator N)`. PlatformIO's `esp32_exception_decoder` filter prints
 * gdb-style frames: `#0  0x4013bfc4 in operator new(unsigned int) at …/new_op.cc:50`.
 */
import type { SymbolInfo } from '../protocol/events';
import { hex } from './draft';

export type Decoded =
  | { kind: 'symbol'; symbol: SymbolInfo }
  | { kind: 'inlined'; frame: { function: string; file: string; fileLine: number } }
  | { kind: 'unknown'; address: number };

const DISCRIMINATOR = / \(discriminator \d{1,9}\)$/;

function location(text: string): { function: string; file: string; fileLine: number } | null {
  const at = text.lastIndexOf(' at ');
  if (at <= 0) return null;
  const fn = text.slice(0, at);
  const loc = text.slice(at + 4).replace(DISCRIMINATOR, '');
  const colon = loc.lastIndexOf(':');
  if (colon <= 0) return null;
  const lineText = loc.slice(colon + 1);
  const file = loc.slice(0, colon);
  if (fn === '??' || file === '??') return null;
  if (lineText === '?') return { function: fn, file, fileLine: 0 };
  if (!/^\d{1,9}$/.test(lineText)) return null;
  return { function: fn, file, fileLine: +lineText };
}

const PIO_FRAME = /^ {0,8}#\d{1,3} {1,4}0x([0-9a-fA-F]{8}) in (.{1,2000})$/;

/** `#N  0xADDR in FUNCTION at FILE:LINE` (PlatformIO), `?? ??:0` or without `at` when unknown. */
function parsePio(text: string): Decoded | null {
  const m = PIO_FRAME.exec(text);
  if (!m) return null;
  const address = hex(m[1]);
  const rest = m[2];
  if (rest.startsWith('??')) return { kind: 'unknown', address };
  const loc = location(rest);
  if (loc) return { kind: 'symbol', symbol: { address, ...loc } };
  // No source line (ROM or a stripped library): the function alone.
  return { kind: 'symbol', symbol: { address, function: rest, file: '', fileLine: 0 } };
}

export function parseDecode(text: string): Decoded | null {
  let s = text;
  if (s.startsWith('--- ')) s = s.slice(4);
  let i = 0;
  while (i < 8 && s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) === 35 /* # */) return parsePio(s);
  if (s.startsWith('(inlined by) ') || s.startsWith(' (inlined by) ')) {
    const frame = location(s.slice(s.indexOf(')') + 2));
    return frame ? { kind: 'inlined', frame } : null;
  }
  if (!s.startsWith('0x') || s.charCodeAt(10) !== 58 /* : */ || s.charCodeAt(11) !== 32) {
    return null;
  }
  const address = hex(s.slice(0, 10));
  if (Number.isNaN(address)) return null;
  const rest = s.slice(12);
  if (rest === '(unknown)' || rest.startsWith('?? ')) return { kind: 'unknown', address };
  if (rest.endsWith(' in ROM')) {
    const fn = rest.slice(0, -7);
    return { kind: 'symbol', symbol: { address, function: fn, file: '', fileLine: 0, rom: true } };
  }
  const loc = location(rest);
  return loc ? { kind: 'symbol', symbol: { address, ...loc } } : null;
}
