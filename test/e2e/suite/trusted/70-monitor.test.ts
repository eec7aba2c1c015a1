import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from '../helpers';
import {
  fakeDevice,
  nodeBinary,
  panelState,
  recordedAllocations,
  resetMonitorCommand,
  startMonitor,
} from '../monitorFlow';
import { report } from '../report';

describe('PSRAM Lens: Start Monitor (fake serial device)', () => {
  after(async () => {
    await vscode.commands.executeCommand('psramLens.stopMonitor');
    await resetMonitorCommand();
  });

  it('runs the monitor process in a trusted workspace', async () => {
    // The positive control of the untrusted scenario's "no process": here the process does run.
    const marker = join(mkdtempSync(join(tmpdir(), 'psram-lens-marker-')), 'started');
    await startMonitor(nodeBinary, [
      '-e',
      // Single quotes only: the command line's word splitter has no escapes.
      `require('fs').writeFileSync('${marker}', 'x')`,
    ]);
    await waitUntil(() => existsSync(marker), {
      timeoutMs: 30_000,
      what: 'the monitor process to start',
    });
  });

  it('fills the heap panel model with every allocation of the recorded session', async () => {
    const expected = recordedAllocations();
    assert.ok(expected.length > 0, 'the recorded session holds no allocations');
    await vscode.commands.executeCommand('psramLens.clearHeapPanel');
    const t0 = Date.now();
    await startMonitor(nodeBinary, [fakeDevice, '--speed', '50', '-p', '/dev/ttyFAKE0', 'monitor']);
    const state = await waitUntil(
      async () => {
        const s = await panelState();
        const have = new Set(s.rows.map((r) => r.address));
        return expected.every((a) => have.has(a)) ? s : undefined;
      },
      {
        timeoutMs: 90_000,
        what: 'the panel model to hold the session allocations',
        intervalMs: 250,
      },
    );
    report(`    figure: ${state.rows.length} panel rows ${Date.now() - t0} ms after Start Monitor`);
    assert.deepEqual(
      [...new Set(state.rows.map((r) => r.address))].sort((a, b) => a - b),
      [...new Set(expected)].sort((a, b) => a - b),
    );
    assert.ok(state.rows.some((r) => r.memory === 'internal'));
    assert.ok(
      state.rows.some((r) => r.caller !== null),
      'no row carries its decoded caller',
    );
  });
});
