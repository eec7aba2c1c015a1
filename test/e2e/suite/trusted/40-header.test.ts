import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { withPreviewAccepted } from '../editing';
import { workspaceRoot } from '../helpers';
import { fixedByCli, pristineExample, readProject } from '../projectOracle';

describe('PSRAM Lens: Add PSRAM Allocator Header', () => {
  let written: string | undefined;

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (written) await vscode.workspace.fs.delete(vscode.Uri.file(written));
  });

  it('writes the header where, and as, psram-lens fix adds it', async () => {
    const pristine = readProject(pristineExample);
    const fixed = fixedByCli();
    const added = [...fixed.keys()].filter((f) => !pristine.has(f));
    assert.equal(added.length, 1, `psram-lens fix added ${added.join(', ') || 'no file'}`);

    written = await withPreviewAccepted(() =>
      vscode.commands.executeCommand<string | undefined>('psramLens.addHeader'),
    );
    assert.ok(written, 'the command returned no header path');
    assert.equal(relative(workspaceRoot().fsPath, written), added[0]);
    assert.ok(existsSync(written), `${written} was not written`);
    assert.equal(readFileSync(written, 'utf8'), fixed.get(added[0]));
    assert.match(fixed.get(added[0]) ?? '', /heap_caps_malloc/);
    const active = vscode.window.activeTextEditor?.document.uri.fsPath;
    assert.equal(active, written, 'the new header is not shown in the editor');
  });
});
