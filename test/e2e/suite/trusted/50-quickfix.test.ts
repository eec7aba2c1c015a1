import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, codeActions } from '../editing';
import { expectDiagnostics } from '../expectDiagnostics';
import { fixable, fixableFiles, restoreExample } from '../fixFlow';
import { codeOf, openDocument, waitForDiagnostics, wsUri } from '../helpers';
import { fixedByCli } from '../projectOracle';

/** Applies the preferred quick fix of the first fixable diagnostic until none is left. */
async function fixOneByOne(file: string): Promise<number> {
  const doc = await openDocument(file);
  let applied = 0;
  for (;;) {
    const left = fixable(doc.uri);
    if (left.length === 0) return applied;
    const d = left[0];
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.title.startsWith('Allocate in PSRAM'));
    assert.ok(fix, `no PSRAM quick fix for ${codeOf(d)} at ${file}:${d.range.start.line + 1}`);
    await applyAction(fix);
    applied++;
    await waitForDiagnostics(
      doc.uri,
      () => fixable(doc.uri).length < left.length,
      `${codeOf(d)} to be fixed`,
    );
  }
}

describe('quick fixes', () => {
  afterEach(restoreExample);

  it('"ignore this line" inserts the suppression comment above and the finding goes away', async () => {
    const file = 'main/main.cpp';
    const doc = await openDocument(file);
    const code = 'PSR001';
    const ds = await waitForDiagnostics(doc.uri, (xs) => xs.some((x) => codeOf(x) === code), code);
    const d = ds.find((x) => codeOf(x) === code);
    assert.ok(d);
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const ignore = actions.find((a) => a.title.startsWith(`Ignore ${code} on this line`));
    assert.ok(ignore, `no ignore-line action: ${actions.map((a) => a.title).join(' | ')}`);
    const before = doc.getText().split('\n');
    const line = d.range.start.line;
    const indent = /^[ \t]*/.exec(before[line])?.[0] ?? '';
    await applyAction(ignore);
    const expected = [
      ...before.slice(0, line),
      `${indent}// psram-lens: ignore`,
      ...before.slice(line),
    ];
    assert.equal(doc.getText(), expected.join('\n'));
    // main.cpp holds one PSR001: once re-analysed, the file has none left.
    await waitForDiagnostics(doc.uri, (xs) => xs.every((x) => codeOf(x) !== code), `${code} to go`);
  });

  it('each PSRAM quick fix, applied one by one, gives the text psram-lens fix gives', async () => {
    const { files, findings } = fixableFiles();
    const expected = fixedByCli();
    for (const file of files) {
      await expectDiagnostics(file, findings);
      const n = await fixOneByOne(file);
      assert.equal(n, findings.filter((f) => f.file === file && f.code !== 'PSR005').length);
      const doc = await vscode.workspace.openTextDocument(wsUri(file));
      assert.equal(doc.getText(), expected.get(file), `${file} after its quick fixes`);
    }
  });

  it('fix-all (source.fixAll.psramLens) gives the text psram-lens fix gives', async () => {
    const { files, findings } = fixableFiles();
    const expected = fixedByCli();
    for (const file of files) {
      const doc = await openDocument(file);
      await expectDiagnostics(file, findings);
      const all = new vscode.Range(0, 0, doc.lineCount, 0);
      const [fixAll, ...more] = await codeActions(doc.uri, all, 'source.fixAll.psramLens');
      assert.ok(fixAll, `no fix-all action for ${file}`);
      assert.equal(more.length, 0);
      await applyAction(fixAll);
      assert.equal(doc.getText(), expected.get(file), `${file} after fix-all`);
      await waitForDiagnostics(
        doc.uri,
        () => fixable(doc.uri).length === 0,
        'fix-all to leave nothing to fix',
      );
    }
  });
});
