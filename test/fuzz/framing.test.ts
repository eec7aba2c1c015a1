/**
 * Fuzz: the language server's framing guard (server/lsp/framing.ts) and its didChange positions
 * (server/lsp/documents.ts). Valid streams pass byte for byte in any chunking; any other bytes
 * end in a FramingError or pass, never another exception, and never hold more than the header
 * bound. Any positions, however wrong, give the text of the reference model (nearest position).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FrameGuard, FramingError, MAX_HEADER_BYTES } from '../../server/lsp/framing';
import { applyChanges } from '../../server/lsp/documents';
import { budget, timeout } from './budget';
import { nearest } from '../server/lsp/randomEdits';

/** Feeds `chunks` through a guard; the bytes it passed on, or the error it failed with. */
function guard(chunks: Buffer[]): { out: Buffer; error: Error | null } {
  const g = new FrameGuard();
  const out: Buffer[] = [];
  let error: Error | null = null;
  for (const c of chunks) {
    // _transform is synchronous: call it directly to stay in step without an event loop turn.
    g._transform(c, 'buffer' as BufferEncoding, (e, data) => {
      if (e) error = e;
      if (data) out.push(data as Buffer);
    });
    let d: Buffer | null;
    while ((d = g.read() as Buffer | null) !== null) out.push(d);
    if (error) break;
    assert.ok((g as unknown as { pending: Buffer }).pending.length <= MAX_HEADER_BYTES + 4);
  }
  return { out: Buffer.concat(out), error };
}

function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  return chunks.filter((c) => c.length > 0);
}

const body = fc.oneof(fc.json(), fc.string({ unit: 'grapheme', maxLength: 200 }));
const message = fc
  .tuple(body, fc.constantFrom('', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'))
  .map(([b, extra]) => Buffer.from(`${extra}Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`));

const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc
    .constantFrom(
      'Content-Length: -1\r\n\r\n',
      'Content-Length: 1e3\r\n\r\n',
      'Content-Length: 99999999999999\r\n\r\n',
      'Content-Length:\r\n\r\n',
      'X: y\r\n\r\n',
      'Content-Length: 2\r\nContent-Type: text/plain; charset=latin1\r\n\r\n{}',
      '\r\n\r\n',
      'Content-Length: 2\n\n{}',
    )
    .map((s) => Buffer.from(s)),
  fc.nat(3 * MAX_HEADER_BYTES).map((n) => Buffer.alloc(n, 'H')),
);

void describe('fuzz: LSP framing', () => {
  void test('valid message streams pass unchanged in any chunking', { timeout }, () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (msgs, points) => {
          const bytes = Buffer.concat(msgs);
          const r = guard(cut(bytes, points));
          assert.equal(r.error, null);
          assert.ok(r.out.equals(bytes));
        },
      ),
      budget(6000),
    );
  });

  void test(
    'hostile bytes after valid messages: a FramingError or passed through, nothing else',
    { timeout },
    () => {
      fc.assert(
        fc.property(
          fc.array(message, { maxLength: 3 }),
          hostile,
          fc.array(fc.nat(), { maxLength: 8 }),
          (msgs, bad, points) => {
            const good = Buffer.concat(msgs);
            const r = guard(cut(Buffer.concat([good, bad]), points));
            if (r.error) assert.ok(r.error instanceof FramingError, String(r.error));
            assert.ok(
              r.out
                .subarray(0, good.length)
                .equals(good.subarray(0, Math.min(good.length, r.out.length))),
            );
          },
        ),
        budget(4000),
      );
    },
  );
});

const number = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.double({ min: -2, max: 40, noNaN: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 31, Number.MAX_SAFE_INTEGER),
);
const position = fc.record({ line: number, character: number });
const text = fc
  .array(
    fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', '😀', 'é', ' ', 'std::make_shared<int>()'),
    { maxLength: 30 },
  )
  .map((a) => a.join(''));

void describe('fuzz: didChange positions', () => {
  void test(
    'any positions give the reference text; the tree is re-parsed after a clamp',
    { timeout },
    () => {
      fc.assert(
        fc.property(
          text,
          fc.array(fc.tuple(position, position, text), { minLength: 1, maxLength: 5 }),
          (start, changes) => {
            let expected = TextDocument.create('u', 'cpp', 1, start);
            const sent = changes.map(([a, b, t]) => ({ range: { start: a, end: b }, text: t }));
            for (const c of sent) {
              const range = {
                start: nearest(expected, c.range.start),
                end: nearest(expected, c.range.end),
              };
              expected = TextDocument.update(expected, [{ range, text: c.text }], 2);
            }
            const edits: unknown[] = [];
            const r = applyChanges(TextDocument.create('u', 'cpp', 1, start), sent, 2, (e) =>
              edits.push(e),
            );
            assert.equal(r.doc.getText(), expected.getText());
            if (r.clamped) assert.ok(edits.includes(null), 'a clamped change drops the tree');
          },
        ),
        budget(4000),
      );
    },
  );
});
