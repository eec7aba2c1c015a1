/**
 * A guard in front of vscode-jsonrpc's stdio reader: it checks the LSP base protocol's framing
 * (`Content-Length: N\r\n\r\n` + N bytes) and passes the bytes on unchanged. vscode-jsonrpc alone
 * stays alive but deaf after a bad, negative or huge Content-Length, and re-scans a header that
 * never ends from its start on every chunk (quadratic CPU, unbounded memory). Here the header and
 * the message are bounded before any byte is buffered for JSON-RPC; a stream that breaks the
 * framing cannot be re-synchronised, so the guard fails with one line naming the cause.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** A header is a few short fields; VS Code sends about 25 bytes. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** The largest message: a didOpen/didChange of a file well past the analysis limit still fits. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const END = Buffer.from('\r\n\r\n');

export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

export class FrameGuard extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** Body bytes still to pass before the next header; -1 while reading a header. */
  private remaining = -1;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    // A stream that ends inside a header or body simply ends: the connection closes on `end`.
    done();
  }

  private consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - at);
        this.push(chunk.subarray(at, at + n));
        this.remaining -= n;
        at += n;
        continue;
      }
      // Header: never more than MAX_HEADER_BYTES (+ the blank line) is held or searched.
      const room = MAX_HEADER_BYTES + END.length - this.pending.length;
      const take = chunk.subarray(at, at + room);
      const buf = this.pending.length ? Buffer.concat([this.pending, take]) : take;
      const end = buf.indexOf(END);
      if (end === -1) {
        if (buf.length > MAX_HEADER_BYTES) {
          throw new FramingError(
            `message header longer than ${MAX_HEADER_BYTES} bytes without the blank line that ends it`,
          );
        }
        this.pending = Buffer.from(buf);
        at += take.length;
        continue;
      }
      const length = contentLength(buf.subarray(0, end).toString('latin1'));
      this.push(buf.subarray(0, end + END.length));
      at += end + END.length - this.pending.length;
      this.pending = Buffer.alloc(0);
      this.remaining = length;
    }
  }
}

/** The Content-Length of a header block (fields separated by CRLF), or a FramingError. */
export function contentLength(header: string): number {
  let length: number | null = null;
  for (const field of header.split('\r\n')) {
    const m = /^([!#-'*+.0-9A-Z^-z|~-]+):[ \t]*(.*?)[ \t]*$/.exec(field);
    if (!m) throw new FramingError(`malformed header field ${JSON.stringify(field.slice(0, 80))}`);
    const name = m[1].toLowerCase();
    if (name === 'content-length') {
      if (!/^\d{1,10}$/.test(m[2])) {
        throw new FramingError(
          `Content-Length ${JSON.stringify(m[2].slice(0, 40))} is not a byte count`,
        );
      }
      length = Number(m[2]);
      if (length > MAX_MESSAGE_BYTES) {
        throw new FramingError(
          `Content-Length ${length} exceeds the ${MAX_MESSAGE_BYTES}-byte message limit`,
        );
      }
    } else if (name === 'content-type') {
      const charset = /charset=([^;\s]+)/i.exec(m[2])?.[1].replace(/"/g, '').toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') {
        throw new FramingError(`unsupported charset ${JSON.stringify(charset)} (LSP is UTF-8)`);
      }
    }
  }
  if (length === null) throw new FramingError('message header without Content-Length');
  return length;
}
