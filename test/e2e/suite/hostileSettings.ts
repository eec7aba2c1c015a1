/**
 * A repository's `.vscode/settings.json` that tries to choose what Start Monitor runs: the
 * Espressif extension's idf.pythonBinPath / idf.espIdfPath name a script that leaves a marker,
 * and the ports carry shell code that would leave another. Shared by the trusted and untrusted
 * suites; written as a file because VS Code refuses to write settings no extension registers.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitUntil, workspaceRoot } from './helpers';

export interface Hostile {
  /** Created if any hostile program or injected shell word ran. */
  marker: string;
  /** A script that creates the marker. */
  evil: string;
  /** A fake ESP-IDF whose tools/idf.py creates the marker. */
  idfPath: string;
}

export function hostileFiles(): Hostile {
  const dir = mkdtempSync(join(tmpdir(), 'psram-lens-hostile-'));
  const marker = join(dir, 'PWNED');
  const evil = join(dir, 'evil.sh');
  writeFileSync(evil, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(evil, 0o755);
  mkdirSync(join(dir, 'tools'));
  writeFileSync(join(dir, 'tools', 'idf.py'), `open(${JSON.stringify(marker)}, 'w')\n`);
  return { marker, evil, idfPath: dir };
}

/**
 * Writes `settings` into the workspace's .vscode/settings.json and waits until VS Code has read
 * them; returns the function that puts the file back.
 */
export async function withWorkspaceSettings(
  settings: Record<string, string>,
): Promise<() => Promise<void>> {
  const file = join(workspaceRoot().fsPath, '.vscode', 'settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  mkdirSync(join(workspaceRoot().fsPath, '.vscode'), { recursive: true });
  const current = before ? (JSON.parse(before) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
  const [key, value] = Object.entries(settings)[0];
  const seen = (v: unknown) => () => {
    const dot = key.indexOf('.');
    return (
      vscode.workspace.getConfiguration(key.slice(0, dot)).inspect(key.slice(dot + 1))
        ?.workspaceValue === v
    );
  };
  await waitUntil(seen(value), { timeoutMs: 20_000, what: `${key} to be read` });
  return async () => {
    writeFileSync(file, before ?? '{}');
    await waitUntil(seen(undefined), { timeoutMs: 20_000, what: `${key} to be restored` });
  };
}

/** Fails if the marker appears within `ms` (a started program writes it within a second). */
export async function assertNothingRan(marker: string, ms = 5000): Promise<void> {
  const ran = await waitUntil(() => existsSync(marker), {
    timeoutMs: ms,
    what: 'a program to run',
  }).then(
    () => true,
    () => false,
  );
  if (ran) throw new Error(`a program chosen by the workspace ran (${marker} exists)`);
}
