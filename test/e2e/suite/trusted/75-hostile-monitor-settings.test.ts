import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { panelState } from '../monitorFlow';
import { assertNothingRan, hostileFiles, withWorkspaceSettings } from '../hostileSettings';

describe('trusted workspace: settings from the repository still cannot choose a program', () => {
  const h = hostileFiles();
  after(async () => {
    await vscode.commands.executeCommand('psramLens.stopMonitor');
  });

  it('idf.pythonBinPath and idf.espIdfPath are taken from user settings only', async () => {
    const restore = await withWorkspaceSettings({
      'idf.pythonBinPath': h.evil,
      'idf.espIdfPath': h.idfPath,
    });
    try {
      await vscode.commands.executeCommand('psramLens.startMonitor');
      await assertNothingRan(h.marker);
    } finally {
      await restore();
    }
  });

  it('a port with shell words is refused before anything runs, even under sh -c', async () => {
    const user = vscode.workspace.getConfiguration('psramLens');
    await user.update(
      'monitor.command',
      `sh -c 'echo \${port}'`,
      vscode.ConfigurationTarget.Global,
    );
    const restore = await withWorkspaceSettings({
      'psramLens.monitor.port': `/dev/null; touch ${h.marker}`,
    });
    try {
      await vscode.commands.executeCommand('psramLens.startMonitor');
      await assertNothingRan(h.marker);
      const state = await panelState();
      assert.equal(state.status.state, 'error');
      assert.match(state.status.message, /is not a device path/);
    } finally {
      await restore();
      await user.update('monitor.command', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
