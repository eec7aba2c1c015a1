import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { workspaceRoot } from '../helpers';
import { assertNothingRan, hostileFiles, withWorkspaceSettings } from '../hostileSettings';

describe('restricted mode: a repository cannot choose what Start Monitor runs', () => {
  const h = hostileFiles();
  let restore: () => Promise<void> = async () => undefined;
  before(async () => {
    restore = await withWorkspaceSettings({
      'idf.pythonBinPath': h.evil,
      'idf.espIdfPath': h.idfPath,
      'idf.port': `x; touch ${h.marker}`,
      'psramLens.monitor.port': `/dev/null; touch ${h.marker}`,
    });
  });
  after(() => restore());

  it('psramLens.monitor.port from the workspace is not applied (restrictedConfigurations)', () => {
    const file = join(workspaceRoot().fsPath, '.vscode', 'settings.json');
    assert.match(readFileSync(file, 'utf8'), /"psramLens\.monitor\.port": "\/dev\/null; touch/);
    const config = vscode.workspace.getConfiguration('psramLens');
    assert.equal(config.get('monitor.port'), '');
    assert.equal(config.inspect('monitor.port')?.workspaceValue, undefined);
  });

  it('Start Monitor runs neither idf.pythonBinPath, idf.espIdfPath nor a port word', async () => {
    const terminals = vscode.window.terminals.length;
    await vscode.commands.executeCommand('psramLens.startMonitor');
    await assertNothingRan(h.marker);
    assert.equal(vscode.window.terminals.length, terminals, 'a monitor terminal was opened');
  });
});
