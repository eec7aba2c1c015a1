import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { withPreviewAccepted } from '../editing';
import { restoreExample } from '../fixFlow';
import { workspaceRoot } from '../helpers';
import { withWorkspaceSettings } from '../hostileSettings';

describe('restricted mode: a repository cannot place the header outside the project', () => {
  const root = workspaceRoot().fsPath;
  // A folder beside the project: where `../` in the repository's setting points.
  const outside = join(dirname(root), `${basename(root)}-escape`);
  let restore: () => Promise<void> = async () => undefined;
  before(async () => {
    // The first key is an unrestricted one VS Code shows in inspect(): once it is read, so is the
    // file's hostile header.path (which restricted mode hides; our own confinement must hold too).
    restore = await withWorkspaceSettings({
      'psramLens.fix.style': 'qualified',
      'psramLens.header.path': `../${basename(outside)}/psram_shared.hpp`,
    });
  });
  after(async () => {
    await restore();
    await restoreExample();
    rmSync(outside, { recursive: true, force: true });
  });

  it('Add Header ignores the hostile psramLens.header.path: the header lands inside the project', async () => {
    const written = await withPreviewAccepted(() =>
      vscode.commands.executeCommand<string | undefined>('psramLens.addHeader'),
    );
    assert.ok(written, 'the command returned no header path');
    const rel = relative(root, written);
    assert.ok(!rel.startsWith('..') && !rel.startsWith('/'), `header written outside: ${written}`);
    assert.ok(existsSync(written), `${written} was not written`);
    assert.equal(existsSync(outside), false, `${outside} was created`);
  });
});
