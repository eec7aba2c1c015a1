import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { withPreviewAccepted } from '../editing';
import { restoreExample } from '../fixFlow';
import { workspaceRoot } from '../helpers';
import { fixedByCli, pristineExample, readProject } from '../projectOracle';

describe('PSRAM Lens: Add PSRAM Allocator Header', () => {
  let written: string | undefined;

  after(restoreExample);

  it('writes the header where, and as, psram-lens fix adds it', async () => {
    const pristine = readProject(pristineExample);
    const fixed = fixedByCli();
    // The header, and the CMakeLists.txt of its new component when it gets one.
    const added = [...fixed.keys()].filter((f) => !pristine.has(f));
    const header = added.find((f) => f.endsWith('.hpp'));
    assert.ok(header, `psram-lens fix added ${added.join(', ') || 'no file'}`);

    written = await withPreviewAccepted(() =>
      vscode.commands.executeCommand<string | undefined>('psramLens.addHeader'),
    );
    assert.ok(written, 'the command returned no header path');
    assert.equal(relative(workspaceRoot().fsPath, written), header);
    for (const rel of added) {
      const path = join(workspaceRoot().fsPath, rel);
      assert.ok(existsSync(path), `${rel} was not written`);
      assert.equal(readFileSync(path, 'utf8'), fixed.get(rel), rel);
    }
    assert.match(fixed.get(header) ?? '', /heap_caps_malloc/);
    const active = vscode.window.activeTextEditor?.document.uri.fsPath;
    assert.equal(active, written, 'the new header is not shown in the editor');
  });
});
