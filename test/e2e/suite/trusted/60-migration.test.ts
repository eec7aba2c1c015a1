import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkProject } from '../cliOracle';
import { saveAll } from '../editing';
import { expectDiagnostics } from '../expectDiagnostics';
import { fixableCodes, restoreExample } from '../fixFlow';
import { openDocument, workspaceRoot } from '../helpers';
import { compileProject, fixCheck, fixedByCli, readProject } from '../projectOracle';
import { report } from '../report';

interface MigrationSummary {
  sites: number;
  files: number;
  applied: boolean;
}

describe('PSRAM Lens: Migrate Workspace to PSRAM Allocation…', () => {
  after(restoreExample);

  it('applies one WorkspaceEdit; the project then equals psram-lens fix and compiles with g++', async () => {
    const root = workspaceRoot().fsPath;
    const before = checkProject(root);
    assert.deepEqual(compileProject(root), [], 'the example does not compile before migrating');
    // A file open in an editor must be migrated in the editor too.
    await openDocument('main/track.cpp');

    const t0 = Date.now();
    // Test mode only: no confirmation dialog and no preview to click through (the UI walk-through
    // takes the person's path through both); the one WorkspaceEdit is applied as built.
    const summary = await vscode.commands.executeCommand<MigrationSummary>(
      'psramLens.migrateWorkspace',
      {
        confirm: false,
        interactive: false,
      },
    );
    assert.ok(summary?.applied, `the migration was not applied: ${JSON.stringify(summary)}`);
    const fixableSites = before.filter((f) => fixableCodes.has(f.code));
    assert.equal(summary.sites, fixableSites.length);
    assert.equal(summary.files, new Set(fixableSites.map((f) => f.file)).size);
    await saveAll();
    report(`    figure: migration of ${summary.sites} sites applied in ${Date.now() - t0} ms`);

    const expected = fixedByCli();
    const actual = readProject(root);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [file, text] of expected) {
      assert.equal(actual.get(file), text, `${file} after migration`);
    }

    assert.deepEqual(
      compileProject(root),
      [],
      'g++ -std=c++17 -fsyntax-only fails after migration',
    );
    assert.equal(fixCheck(root), 0, 'psram-lens fix --check still finds work after the migration');
    const after = checkProject(root);
    assert.ok(after.every((f) => !fixableCodes.has(f.code)));
    for (const file of new Set([...before, ...after].map((f) => f.file))) {
      await expectDiagnostics(file, after);
    }
  });
});
