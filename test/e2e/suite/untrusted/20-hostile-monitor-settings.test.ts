import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
    const port = vscode.workspace.getConfiguration('psramLens').inspect<string>('monitor.port');
    assert.match(String(port?.workspaceValue), /touch/, 'the hostile value was written');
    assert.equal(vscode.workspace.getConfiguration('psramLens').get('monitor.port'), '');
  });

  it('Start Monitor runs neither idf.pythonBinPath, idf.espIdfPath nor a port word', async () => {
    const terminals = vscode.window.terminals.length;
    await vscode.commands.executeCommand('psramLens.startMonitor');
    await assertNothingRan(h.marker);
    assert.equal(vscode.window.terminals.length, terminals, 'a monitor terminal was opened');
  });
});
