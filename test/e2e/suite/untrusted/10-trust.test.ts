import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { psramLens, waitUntil } from '../helpers';
import { nodeBinary, panelState, resetMonitorCommand, startMonitor } from '../monitorFlow';

describe('restricted mode (untrusted workspace)', () => {
  after(() => resetMonitorCommand());

  it('runs restricted, and PSRAM Lens still activates (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the untrusted scenario must run untrusted');
    await waitUntil(() => psramLens().isActive, {
      timeoutMs: 60_000,
      what: 'PSRAM Lens to activate',
    });
  });

  it('Start Monitor starts no process', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'psram-lens-marker-')), 'started');
    const terminals = vscode.window.terminals.length;
    await startMonitor(nodeBinary, [
      '-e',
      // Single quotes only: the command line's word splitter has no escapes.
      `require('fs').writeFileSync('${marker}', 'x')`,
    ]);
    const state = await panelState();
    assert.notEqual(state.status.state, 'running');
    assert.equal(vscode.window.terminals.length, terminals, 'a monitor terminal was opened');
    // The trusted scenario's same command writes the marker within seconds; allow it that time.
    await assert.rejects(
      waitUntil(() => existsSync(marker), { timeoutMs: 5_000, what: 'a process to be started' }),
      /timed out/,
    );
  });
});
