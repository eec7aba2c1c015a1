/**
 * The bundled language server (dist/server.js over stdio) on hostile input: positions outside the
 * document are clamped and re-parsed (diagnostics equal a fresh parse of the same text), and a
 * stream that breaks the LSP framing ends the server at once with one line on stderr instead of
 * leaving it deaf, buffering without bound or burning quadratic CPU.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  LspClient,
  SERVER_BUNDLE,
  ensureServerBundle,
  startOnCopy,
  stopAndRemove,
} from './lspClient';
import { abstractEdit, nearest, toChange } from './randomEdits';

before(() => ensureServerBundle());

/** A position that is not in the document: fractional, negative, past the line or the text. */
const badPosition = (doc: TextDocument) =>
  fc.oneof(
    fc.record({
      line: fc.double({ min: 0, max: doc.lineCount, noNaN: true }),
      character: fc.double({ min: 0, max: 80, noNaN: true }),
    }),
    fc.record({
      line: fc.integer({ min: -5, max: -1 }),
      character: fc.integer({ min: 0, max: 10 }),
    }),
    fc.record({
      line: fc.integer({ min: 0, max: doc.lineCount - 1 }),
      character: fc.integer({ min: 200, max: 10_000 }),
    }),
    fc.record({
      line: fc.integer({ min: doc.lineCount, max: doc.lineCount + 50 }),
      character: fc.integer({ min: 0, max: 5 }),
    }),
  );

void describe('didChange with positions outside the document', () => {
  let ws: string;
  let lsp: LspClient;
  before(async () => {
    ({ ws, lsp } = await startOnCopy(join(__dirname, '../../fixtures/lsp/project'), 'bad'));
  });
  after(() => stopAndRemove(lsp, ws));

  void test('are clamped into the text and re-parsed: diagnostics equal a fresh parse', async () => {
    const uri = pathToFileURL(join(ws, 'main/bad.cpp')).href;
    const source = readFileSync(join(ws, 'main/app.cpp'), 'utf8');
    let doc = TextDocument.create(uri, 'cpp', 1, source);
    await lsp.open(uri, source);
    const rng = fc.sample(fc.tuple(abstractEdit, fc.boolean(), fc.boolean()), {
      numRuns: 120,
      seed: 7,
    });
    for (const [i, [edit, badStart, badEnd]] of rng.entries()) {
      const good = toChange(doc, edit) as {
        range: { start: Position; end: Position };
        text: string;
      };
      const [s, e] = fc.sample(badPosition(doc), { numRuns: 2, seed: i });
      const sent = {
        range: {
          start: badStart ? s : good.range.start,
          end: badEnd || !badStart ? e : good.range.end,
        },
        text: good.text,
      };
      const a = nearest(doc, sent.range.start);
      const b = nearest(doc, sent.range.end);
      const applied: TextDocumentContentChangeEvent = {
        range: { start: a, end: b },
        text: sent.text,
      };
      doc = TextDocument.update(doc, [applied], doc.version + 1);
      await lsp.change(uri, [sent]);
      if (i % 10 === 9) await lsp.current(uri);
    }
    const edited = await lsp.current(uri);
    const freshUri = pathToFileURL(join(ws, 'main/fresh.cpp')).href;
    await lsp.open(freshUri, doc.getText());
    assert.deepEqual(edited.diagnostics, (await lsp.current(freshUri)).diagnostics);
    assert.ok(
      lsp.logs.some((l) => l.includes('clamped')),
      'the clamp is logged',
    );
  });

  void test('a malformed change is refused whole; the server keeps working', async () => {
    const uri = pathToFileURL(join(ws, 'main/malformed.cpp')).href;
    await lsp.open(uri, 'auto p = std::make_shared<int>(1);\n');
    await lsp.change(uri, [{ text: 42 } as unknown as TextDocumentContentChangeEvent]);
    await lsp.change(uri, [
      { range: { start: { line: 'x' } }, text: '' } as unknown as TextDocumentContentChangeEvent,
    ]);
    await lsp.change(uri, [{ text: '#include <memory>\nauto p = std::make_shared<int>(1);\n' }]);
    assert.deepEqual(
      (await lsp.current(uri)).diagnostics.map((d) => [d.code, d.range.start.line]),
      [['PSR001', 1]],
    );
  });
});

interface Exit {
  code: number | null;
  stderr: string;
  ms: number;
}

/** Starts the server over stdio, writes `frames`, and waits (bounded) for it to exit. */
function feed(frames: (Buffer | string)[], waitMs = 10_000): Promise<Exit> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdout.resume();
  child.stdin.on('error', () => undefined);
  for (const f of frames) child.stdin.write(f);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, waitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const initialize = frame(
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: null, capabilities: {} },
  }),
);

void describe('LSP framing over stdio', () => {
  const cases: Record<string, (Buffer | string)[]> = {
    'a negative Content-Length': ['Content-Length: -5\r\n\r\n{}'],
    'a Content-Length that is not a number': ['Content-Length: 12abc\r\n\r\n{}'],
    'a huge Content-Length': ['Content-Length: 99999999999\r\n\r\n{}'],
    'a header without Content-Length': ['Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
    'a bad frame after a good one': [initialize, 'Content-Length: -1\r\n\r\n'],
    'a header that never ends (4 MiB)': ['Content-Length: 2', Buffer.alloc(4 << 20, 'X')],
  };
  for (const [name, frames] of Object.entries(cases)) {
    void test(`${name}: the server exits with one clear line`, async () => {
      const r = await feed(frames);
      assert.equal(r.code, 1, `exit ${r.code}, stderr: ${r.stderr}`);
      assert.match(r.stderr, /^psram-lens server: unusable LSP input stream: .+; exiting\n$/);
      assert.ok(r.ms < 8000, `took ${r.ms} ms`);
    });
  }

  void test('a message split into 1-byte writes is still understood', async () => {
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    for (const byte of Buffer.from(initialize)) child.stdin.write(Buffer.from([byte]));
    const deadline = Date.now() + 10_000;
    while (!out.includes('"id":1') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill();
    assert.match(out, /"id":1,"result":\{"capabilities"/);
  });
});
