import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkProject, type Finding } from '../cliOracle';
import { expectDiagnostics } from '../expectDiagnostics';
import { openDocument, workspaceRoot } from '../helpers';

/** Replaces the whole sdkconfig through the editor and saves it, as a user (or menuconfig) would. */
async function writeSdkconfig(edit: (text: string) => string): Promise<void> {
  const doc = await openDocument('sdkconfig');
  const text = doc.getText();
  const next = edit(text);
  assert.notEqual(next, text, 'the sdkconfig edit changed nothing');
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), next);
  assert.ok(await vscode.workspace.applyEdit(we));
  assert.ok(await doc.save());
}

async function expectAll(files: string[], findings: Finding[]): Promise<void> {
  for (const f of files) await openDocument(f);
  for (const f of files) await expectDiagnostics(f, findings);
}

describe('editing sdkconfig re-grades the diagnostics', () => {
  let original = '';
  let files: string[] = [];
  let baseline: Finding[] = [];

  before(async () => {
    original = (await openDocument('sdkconfig')).getText();
    baseline = checkProject(workspaceRoot().fsPath);
    files = [...new Set(baseline.map((f) => f.file))].sort();
  });

  after(async () => {
    await writeSdkconfig(() => original);
    await expectAll(files, baseline);
  });

  it('a lower ALWAYSINTERNAL threshold changes the messages', async () => {
    await writeSdkconfig((t) =>
      t.replace(
        /^CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=\d+$/m,
        'CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=64',
      ),
    );
    const after = checkProject(workspaceRoot().fsPath);
    assert.notDeepEqual(after, baseline, 'the CLI does not see the new threshold');
    assert.ok(
      after.every((f) => !/16384/.test(f.message)),
      'a message still names the old threshold',
    );
    await expectAll(files, after);
  });

  it('turning PSRAM off withdraws the placement findings', async () => {
    await writeSdkconfig((t) =>
      t
        .replace(/^CONFIG_SPIRAM=y$/m, '# CONFIG_SPIRAM is not set')
        .replace(/^CONFIG_SPIRAM_USE_MALLOC=y$/m, ''),
    );
    const after = checkProject(workspaceRoot().fsPath);
    assert.ok(
      after.length < baseline.length,
      `without PSRAM the CLI still reports ${after.length} of ${baseline.length} findings`,
    );
    await expectAll(files, after);
  });
});
