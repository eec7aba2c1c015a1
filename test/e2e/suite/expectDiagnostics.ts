import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Finding, shapeOfDiagnostic, shapeOfFinding, sortShapes } from './cliOracle';
import { lensDiagnostics, waitUntil, wsUri } from './helpers';

/** Waits until the file's diagnostics equal the CLI's findings; on time-out shows the difference. */
export async function expectDiagnostics(file: string, findings: Finding[]): Promise<void> {
  const uri = wsUri(file);
  // The server analyses open documents: open it (without an editor) if it is not.
  await vscode.workspace.openTextDocument(uri);
  const expected = sortShapes(findings.filter((f) => f.file === file).map(shapeOfFinding));
  const actual = () => sortShapes(lensDiagnostics(uri).map(shapeOfDiagnostic));
  try {
    await waitUntil(() => JSON.stringify(actual()) === JSON.stringify(expected), {
      timeoutMs: 90_000,
      what: `diagnostics of ${file} to equal psram-lens check`,
      intervalMs: 50,
    });
  } catch {
    assert.deepEqual(actual(), expected, `diagnostics of ${file} differ from psram-lens check`);
  }
}
