import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openDocument, waitForDiagnostics, workspaceRoot } from '../helpers';
import { report } from '../report';

interface Summary {
  sites: number;
  files: number;
  applied: boolean;
}

// Runs last in the trusted scenario: it rewrites the workspace copy of the example.
describe('migrate workspace to PSRAM allocation', () => {
  it('applies one WorkspaceEdit for the whole project; the result builds with g++', async () => {
    const root = workspaceRoot().fsPath;
    const track = await openDocument('main/track.cpp');
    await waitForDiagnostics(track.uri, (ds) => ds.length > 0, 'findings before the migration');
    const t0 = Date.now();
    // Test mode: no dialog and no refactor preview (a test cannot click through it); the edit is
    // the same WorkspaceEdit without the confirmation flags.
    const running = vscode.commands.executeCommand<Summary>('psramLens.migrateWorkspace', {
      interactive: false,
    });
    const summary = await running;
    report(`    figure: workspace migration planned and applied in ${Date.now() - t0} ms`);
    assert.equal(summary.applied, true);
    assert.equal(summary.sites, 8);
    assert.equal(summary.files, 4);
    await vscode.workspace.saveAll(false);
    report(`    figure: saved ${Date.now() - t0} ms after the command started`);
    const header = join(root, 'components', 'rtc', 'include', 'psram_shared.hpp');
    assert.ok(existsSync(header));
    assert.match(
      readFileSync(join(root, 'main', 'track.cpp'), 'utf8'),
      /psram::make_shared<Frame>\(\)/,
    );
    for (const unit of [
      'main/main.cpp',
      'main/peer_connection.cpp',
      'main/track.cpp',
      'components/rtc/src/channel.cpp',
    ]) {
      execFileSync('g++', [
        '-std=c++17',
        '-fsyntax-only',
        `-I${join(root, 'components/rtc/include')}`,
        `-I${join(root, 'main')}`,
        join(root, unit),
      ]);
    }
    report(`    figure: compiled ${Date.now() - t0} ms after the command started`);
    await waitForDiagnostics(
      track.uri,
      (ds) =>
        ds.every((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'PSR005'),
      'no fixable findings after the migration',
    );
  });
});
