import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { psramLens, waitUntil } from '../helpers';
import { report } from '../report';

describe('activation in an ESP-IDF workspace', () => {
  it('activates without being asked (workspaceContains) and reports how long it took', async () => {
    const ext = psramLens();
    assert.equal(vscode.workspace.isTrusted, true, 'the trusted scenario must run trusted');
    await waitUntil(() => ext.isActive, { timeoutMs: 60_000, what: 'PSRAM Lens to activate' });
    // process.uptime() is the extension host's age: activation counted from its start.
    report(
      `    figure: extension active ${process.uptime().toFixed(2)} s after extension host start`,
    );
  });
});
