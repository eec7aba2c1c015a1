import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentFindingsRequest } from '../../../server/protocol/lsp';
import { LspClient, startOnCopy, stopAndRemove } from './lspClient';
import { editSession, toChange } from './randomEdits';
import { sendRequest } from '../../../server/protocol/rpc';

const fixture = join(__dirname, '../../fixtures/lsp/project');
let ws: string;
let lsp: LspClient;

before(async () => {
  ({ ws, lsp } = await startOnCopy(fixture, 'inc'));
});

after(() => stopAndRemove(lsp, ws));

void describe('incremental analysis over LSP', () => {
  void test('after 1,000 random incremental edits the diagnostics equal those of a fresh parse', async () => {
    const uri = pathToFileURL(join(ws, 'main/edited.cpp')).href;
    const source = readFileSync(join(ws, 'main/app.cpp'), 'utf8');
    let doc = TextDocument.create(uri, 'cpp', 1, source);
    await lsp.open(uri, source);
    const edits = editSession(1000, 424242);
    let nonEmpty = 0;
    // 1-4 changes per didChange; diagnostics are awaited after every second one, so the session
    // is hundreds of incremental re-parses (some covering two didChange), not one parse at the end.
    for (let i = 0, batch = 0; i < edits.length; batch++) {
      const n = 1 + (i % 4);
      const changes = [];
      for (const e of edits.slice(i, i + n)) {
        const change = toChange(doc, e);
        doc = TextDocument.update(doc, [change], doc.version + 1);
        changes.push(change);
      }
      i += n;
      await lsp.change(uri, changes);
      if (batch % 2 === 1 && (await lsp.current(uri)).diagnostics.length > 0) nonEmpty++;
    }
    const incremental = await lsp.current(uri);

    const freshUri = pathToFileURL(join(ws, 'main/fresh.cpp')).href;
    await lsp.open(freshUri, doc.getText());
    const fresh = await lsp.current(freshUri);
    assert.deepEqual(incremental.diagnostics, fresh.diagnostics);
    // The session must have exercised findings, not only empty results.
    assert.ok(nonEmpty > 25, `only ${nonEmpty} batches had findings`);

    const a = await sendRequest(lsp.connection, documentFindingsRequest, { uri });
    const b = await sendRequest(lsp.connection, documentFindingsRequest, { uri: freshUri });
    assert.deepEqual(a?.findings, b?.findings);
    await lsp.close(uri);
    await lsp.close(freshUri);
  });
});
