// The monitor tests' shared parts: the fake serial device (THE fake of the project, at the serial
// boundary), the command that starts it through the extension's test-mode override, the panel
// model the extension exposes to tests, and what `psram-lens parse-log` says the session holds.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from './helpers';

export const fakeDevice = join(repoRoot, 'test', 'fixtures', 'device', 'fake-device.mjs');
export const sessionLog = join(repoRoot, 'test', 'fixtures', 'device', 'webrtc-session.log');

/** Node to run scripts with: the extension host's own under code-server, PATH's under Electron. */
export const nodeBinary = process.versions.electron ? 'node' : process.execPath;

export interface PanelState {
  status: { state: string; message: string };
  rows: { address: number; size: number; memory: string; caller: unknown }[];
}

export async function panelState(): Promise<PanelState> {
  const s = await vscode.commands.executeCommand<PanelState | undefined>(
    'psramLens.test.getPanelState',
  );
  assert.ok(s, 'psramLens.test.getPanelState returned nothing');
  return s;
}

/** Starts the monitor with `file args` instead of idf.py (honoured in test mode only). */
export async function startMonitor(file: string, args: string[]): Promise<void> {
  await vscode.commands.executeCommand('psramLens.startMonitor', { file, args });
}

/** Addresses of the allocations the recorded session reports (heap trace records, live lines). */
export function recordedAllocations(): number[] {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'dist', 'cli.js'), 'parse-log', sessionLog, '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  assert.equal(r.status, 0, `parse-log failed: ${r.stderr}`);
  const events = (
    JSON.parse(r.stdout) as {
      events: { kind: string; records?: { address: number }[]; address?: number }[];
    }
  ).events;
  return events.flatMap((e) =>
    e.kind === 'heapTrace'
      ? (e.records ?? []).map((x) => x.address)
      : e.kind === 'allocation'
        ? [e.address ?? -1]
        : [],
  );
}
