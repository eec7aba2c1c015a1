// Shared by the extension-host tests: the extension under test, the opened workspace, and waits on
// conditions the language server reaches asynchronously (diagnostics, activation).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from '../lib/waitUntil';

export { waitUntil };

export const extensionId = 'psram-lens.psram-lens';

/** The repository root: this bundle lives in dist-test/suite/<scenario>/. */
export const repoRoot = join(__dirname, '..', '..', '..');

export function psramLens(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `extension ${extensionId} is not installed in this extension host`);
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opened no workspace folder');
  return folder.uri;
}

export function wsUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** The extension's diagnostics on a file (other extensions' diagnostics are ignored). */
export function lensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'psram-lens');
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/** Waits until the file's PSRAM Lens diagnostics satisfy `ok` and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  ok: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<vscode.Diagnostic[]> {
  return waitUntil(
    () => {
      const ds = lensDiagnostics(uri);
      return ok(ds) ? ds : undefined;
    },
    { timeoutMs, what: `${what} (${vscode.workspace.asRelativePath(uri)})`, intervalMs: 50 },
  );
}

export async function openDocument(relPath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(wsUri(relPath));
  await vscode.window.showTextDocument(doc);
  return doc;
}
