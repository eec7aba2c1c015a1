import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { withPreviewAccepted } from '../editing';
import { workspaceRoot } from '../helpers';
import { fixedByCli, pristineExample, readProject } from '../projectOracle';

describe('PSRAM Lens: Add PSRAM Allocator Header', () => {
  let written: string | undefined;

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The header's component folder (components/psram_shared/: header and CMakeLists.txt).
    if (written) {
      const component = dirname(dirname(written));
      const target = basename(component) === 'psram_shared' ? component : written;
      await vscode.workspace.fs.delete(vscode.Uri.file(target), { recursive: true });
    }
  });

  it('writes the header where, and as, psram-lens fix adds it', async () => {
    const pristine = readProject(pristineExample);
    const fixed = fixedByCli();
    // The header and its ESP-IDF component's CMakeLists.txt (docs/fix.md, Where the header goes).
    const added = [...fixed.keys()].filter((f) => !pristine.has(f)).sort();
    assert.equal(added.length, 2, `psram-lens fix added ${added.join(', ') || 'no file'}`);
    const cmake = added.find((f) => f.endsWith('CMakeLists.txt'))!;
    added.splice(added.indexOf(cmake), 1);

    written = await withPreviewAccepted(() =>
      vscode.commands.executeCommand<string | undefined>('psramLens.addHeader'),
    );
    assert.ok(written, 'the command returned no header path');
    assert.equal(relative(workspaceRoot().fsPath, written), added[0]);
    assert.ok(existsSync(written), `${written} was not written`);
    assert.equal(readFileSync(written, 'utf8'), fixed.get(added[0]));
    assert.match(fixed.get(added[0]) ?? '', /heap_caps_malloc/);
    assert.equal(
      readFileSync(join(workspaceRoot().fsPath, cmake), 'utf8'),
      fixed.get(cmake),
      'the header component CMakeLists.txt differs from psram-lens fix',
    );
    const active = vscode.window.activeTextEditor?.document.uri.fsPath;
    assert.equal(active, written, 'the new header is not shown in the editor');
  });
});
