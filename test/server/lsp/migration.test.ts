import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  LSPErrorCodes,
  ResponseError,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { LineIndex } from '../../../server/analysis/lineIndex';
import { DEFAULT_SETTINGS } from '../../../server/config/settings';
import { fixOptionsOf } from '../../../server/fix/fixOptions';
import { planWorkspace } from '../../../server/fix/planWorkspace';
import { planScope } from '../../../server/lsp/migration';
import { migrationRequest } from '../../../server/protocol/lsp';
import { LspClient, startOnCopy, stopAndRemove } from './lspClient';
import { sendRequest } from '../../../server/protocol/rpc';

const fixture = join(__dirname, '../../fixtures/migrate');
let ws: string;
let lsp: LspClient;

/** The texts after the edit: created files start empty, others are read from disk unless given. */
function applyEdit(edit: WorkspaceEdit, texts = new Map<string, string>()): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of edit.documentChanges ?? []) {
    if ('kind' in c) {
      assert.equal(c.kind, 'create');
      out.set(fileURLToPath(c.uri), '');
      continue;
    }
    const path = fileURLToPath(c.textDocument.uri);
    const before = out.get(path) ?? texts.get(path) ?? readFileSync(path, 'utf8');
    const lines = new LineIndex(before);
    const after = (c.edits as TextEdit[])
      .map((e) => ({
        s: lines.offsetAt(e.range.start),
        e: lines.offsetAt(e.range.end),
        t: e.newText,
      }))
      .sort((a, b) => b.s - a.s)
      .reduce((acc, e) => acc.slice(0, e.s) + e.t + acc.slice(e.e), before);
    out.set(path, after);
  }
  return out;
}

before(async () => {
  ({ ws, lsp } = await startOnCopy(fixture, 'migration', { settings: () => ({}) }));
});

after(() => stopAndRemove(lsp, ws));

void describe('psramLens/migration', () => {
  test('workspace: one edit equal to the plan of psram-lens fix, header created first', async () => {
    const r = await sendRequest(lsp.connection, migrationRequest, { kind: 'workspace' });
    assert.ok(r);
    const cli = await planWorkspace(
      [ws],
      async (root) => fixOptionsOf(DEFAULT_SETTINGS, root).options,
    );
    const expected = new Map(cli.plans.flatMap((p) => p.files.map((f) => [f.file, f.after])));
    const header = cli.plans[0].header;
    assert.ok(header.create);
    expected.set(header.path, header.text);
    // The header's new component (its CMakeLists.txt) comes with it.
    for (const c of cli.plans[0].created) expected.set(c.path, c.text);
    assert.deepEqual(applyEdit(r.edit), expected);
    assert.deepEqual(r.headers, [{ path: header.path, create: true }]);
    assert.equal(r.summary.sites, cli.plans[0].sites);
    assert.ok(r.summary.sites > 0);
    // Planned from disk: every text edit carries version null (the client requires saved files).
    for (const c of r.edit.documentChanges ?? []) {
      if ('textDocument' in c) assert.equal(c.textDocument.version, null);
    }
    const first = r.edit.documentChanges?.[0];
    assert.ok(first && 'kind' in first && first.kind === 'create');
    // Every change is labelled for the refactor preview; none asks for confirmation by itself.
    const labels = Object.values(r.edit.changeAnnotations ?? {});
    assert.ok(labels.some((a) => /^PSR001: /.test(a.label)));
    assert.ok(labels.every((a) => a.needsConfirmation === false));
  });

  test('file: the open document as edited, versioned; other files untouched', async () => {
    const file = join(ws, 'components', 'net', 'src', 'socket.cpp');
    const uri = pathToFileURL(file).href;
    const edited = `${readFileSync(file, 'utf8')}\nvoid extra() { auto e = std::make_shared<int>(1); }\n`;
    await lsp.open(uri, edited);
    const r = await sendRequest(lsp.connection, migrationRequest, { kind: 'file', uri });
    assert.ok(r);
    const doc = (r.edit.documentChanges ?? []).find(
      (c) => 'textDocument' in c && c.textDocument.uri === uri,
    );
    assert.ok(doc && 'textDocument' in doc && typeof doc.textDocument.version === 'number');
    const after = applyEdit(r.edit, new Map([[file, edited]])).get(file) ?? '';
    assert.match(after, /auto e = psram::make_shared<int>\(1\);/);
    assert.doesNotMatch(after, /std::make_shared/);
    assert.equal(readFileSync(file, 'utf8').includes('extra()'), false, 'the server wrote a file');
    assert.equal(
      await sendRequest(lsp.connection, migrationRequest, {
        kind: 'file',
        uri: pathToFileURL(join(ws, 'main', 'nope.cpp')).href,
      }),
      null,
    );
  });

  test('header: created where the migration would put it, and not written by the server', async () => {
    const r = await sendRequest(lsp.connection, migrationRequest, { kind: 'header', root: ws });
    assert.ok(r);
    assert.equal(r.headers.length, 1);
    assert.equal(r.headers[0].create, true);
    assert.equal(r.summary.sites, 0);
    const written = applyEdit(r.edit);
    assert.match(written.get(r.headers[0].path) ?? '', /heap_caps_malloc/);
    assert.equal(existsSync(r.headers[0].path), false, 'the server wrote the header');
  });

  test('a cancelled workspace plan answers RequestCancelled', async () => {
    const host = {
      projectRoots: async () => [ws],
      settings: async () => DEFAULT_SETTINGS,
      analysedDocument: async () => null,
    };
    await assert.rejects(
      planScope({ kind: 'workspace' }, host, {
        isCancellationRequested: true,
        onCancellationRequested: () => ({ dispose() {} }),
      }),
      (e) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled,
    );
  });
});
