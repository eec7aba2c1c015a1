import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { restoreExample } from '../fixFlow';
import { openDocument, waitForDiagnostics } from '../helpers';

interface MigrationSummary {
  sites: number;
  applied: boolean;
}

describe('PSRAM Lens: Migrate This File', () => {
  after(restoreExample);

  it('rewrites the open document as edited (unsaved), in the editor', async () => {
    const doc = await openDocument('main/track.cpp');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document === doc);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await editor.edit((b) =>
      b.insert(end, '\nvoid added() { auto p = std::make_shared<int>(7); (void)p; }\n'),
    );
    assert.ok(doc.isDirty);
    await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => d.range.start.line >= doc.lineCount - 3),
      'a finding on the added line',
    );
    const summary = await vscode.commands.executeCommand<MigrationSummary>('psramLens.migrateFile');
    assert.ok(summary?.applied, JSON.stringify(summary));
    assert.ok(summary.sites >= 2, `${summary.sites} sites`);
    const text = doc.getText();
    assert.match(text, /auto p = psram::make_shared<int>\(7\);/);
    // The file's own sites too (the host-only helper under #ifndef ESP_PLATFORM is never one).
    assert.match(text, /frames\.push_back\(psram::make_shared<Frame>\(\)\);/);
  });
});
