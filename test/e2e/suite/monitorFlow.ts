// The monitor tests' shared parts: the fake serial device (THE fake of the project, at the serial
// boundary), started the user's way (psramLens.monitor.command + Start Monitor), the session state
// the extension's API offers (activate's return value), and what `psram-lens parse-log` says.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { psramLens, repoRoot } from './helpers';

export const fakeDevice = join(repoRoot, 'test', 'fixtures', 'device', 'fake-device.mjs');
export const sessionLog = join(repoRoot, 'test', 'fixtures', 'device', 'webrtc-session.log');

/** Node to run scripts with: the extension host's own under code-server, PATH's under Electron. */
export const nodeBinary = process.versions.electron ? 'node' : process.execPath;

export interface PanelState {
  status: { state: string; message: string };
  rows: { address: number; size: number; memory: string; caller: unknown }[];
}

/** The part of the extension's exports (its Context) the monitor tests read. */
interface PanelApi {
  panel: { state(): Promise<PanelState> };
}

/** The language server's session as the extension's API reports it. */
export async function panelState(): Promise<PanelState> {
  const api = (await psramLens().activate()) as PanelApi | undefined;
  assert.ok(api?.panel, 'PSRAM Lens exports no heap panel');
  return api.panel.state();
}

/** A command line for psramLens.monitor.command (its splitter honours "…" and '…' quotes). */
function commandLine(words: string[]): string {
  return words.map((w) => (w.includes('"') ? `'${w}'` : /[\s']/.test(w) ? `"${w}"` : w)).join(' ');
}

/** Starts `file args` as the monitor, as a user would: the setting, then Start Monitor. */
export async function startMonitor(file: string, args: string[]): Promise<void> {
  await setMonitorCommand(commandLine([file, ...args]));
  await vscode.commands.executeCommand('psramLens.startMonitor');
}

/** Puts psramLens.monitor.command back to its default (later suites test the idf.py path). */
export function resetMonitorCommand(): Promise<void> {
  return setMonitorCommand(undefined);
}

async function setMonitorCommand(value: string | undefined): Promise<void> {
  // Machine scoped: it lives in the user settings.
  await vscode.workspace
    .getConfiguration('psramLens')
    .update('monitor.command', value, vscode.ConfigurationTarget.Global);
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
