/**
 * Splits a stream of chunks into lines, whatever the chunk boundaries: bytes are decoded as
 * UTF-8 in streaming mode (a code point split across chunks is joined, invalid bytes become
 * U+FFFD), and `\n`, `\r\n` and a lone `\r` each end one line, also when `\r` ends one chunk and
 * `\n` starts the next. Partial lines are kept as a list of parts and joined once, so a
 * megabyte-long line costs linear time.
 */

/** Lines longer than this are cut (the rest continues as the next line) so memory stays bounded. */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

function emit(line: string, max: number, out: string[]): void {
  let rest = line;
  while (rest.length > max) {
    out.push(rest.slice(0, max));
    rest = rest.slice(max);
  }
  out.push(rest);
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  private parts: string[] = [];
  private partChars = 0;
  /** The previous chunk ended with `\r`: a `\n` at the start of the next one belongs to it. */
  private skipLf = false;
  /** Nothing read yet: a leading BOM is dropped (the byte decoder does the same). */
  private atStart = true;

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** Feed one chunk; returns the lines it completed. */
  push(chunk: string | Uint8Array): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const out: string[] = [];
    this.split(text, out);
    return out;
  }

  /** End of input: flushes the decoder and the last line if it has no terminator. */
  end(): string[] {
    const out: string[] = [];
    this.split(this.decoder.decode(), out);
    if (this.parts.length > 0) emit(this.take(''), this.maxLineChars, out);
    return out;
  }

  private split(text: string, out: string[]): void {
    let pos = 0;
    const n = text.length;
    if (n === 0) return;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) pos = 1;
    }
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === 10) pos = 1;
    }
    // Both searches are remembered and redone only once passed: re-searching for a terminator
    // that never comes (bare-CR text has no `\n`) on every line would be quadratic.
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);
    while (pos < n) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      let end = lf;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 < n) next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        else {
          next = n;
          this.skipLf = true;
        }
      } else if (lf !== -1) {
        next = lf + 1;
      } else {
        this.keep(text.slice(pos), out);
        return;
      }
      emit(this.take(text.slice(pos, end)), this.maxLineChars, out);
      pos = next;
    }
  }

  private keep(part: string, out: string[]): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.partChars += part.length;
    if (this.partChars > this.maxLineChars) {
      // Cut exactly where emit() cuts a whole line, so chunking never changes the pieces.
      const pieces: string[] = [];
      emit(this.take(''), this.maxLineChars, pieces);
      const rest = pieces.pop() ?? '';
      out.push(...pieces);
      this.parts = [rest];
      this.partChars = rest.length;
    }
  }

  private take(last: string): string {
    if (this.parts.length === 0) return last;
    this.parts.push(last);
    const line = this.parts.join('');
    this.parts = [];
    this.partChars = 0;
    return line;
  }
}
