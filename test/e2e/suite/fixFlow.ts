// The quick-fix tests' shared steps: the fixable findings of a file, the oracle texts, and putting
// the workspace back to the pristine example afterwards so later tests start from it.
import * as vscode from 'vscode';
import { checkProject, type Finding } from './cliOracle';
import { restore } from './editing';
import { expectDiagnostics } from './expectDiagnostics';
import { codeOf, lensDiagnostics, workspaceRoot, wsUri } from './helpers';
import { pristineExample, readProject } from './projectOracle';

export const fixableCodes = new Set(['PSR001', 'PSR002', 'PSR003', 'PSR004']);

export function fixable(uri: vscode.Uri): vscode.Diagnostic[] {
  return lensDiagnostics(uri).filter((d) => fixableCodes.has(codeOf(d)));
}

/** Files with fixable findings in the pristine example, and all findings. */
export function fixableFiles(): { files: string[]; findings: Finding[] } {
  const findings = checkProject(workspaceRoot().fsPath);
  const files = [...new Set(findings.filter((f) => fixableCodes.has(f.code)).map((f) => f.file))];
  return { files: files.sort(), findings };
}

/** Every file back to the pristine example (created files removed), diagnostics settled again. */
export async function restoreExample(): Promise<void> {
  const pristine = readProject(pristineExample);
  const current = readProject(workspaceRoot().fsPath);
  // Edits a test applied but did not save live in open documents: put those back too.
  const dirty = new Set(
    vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath),
  );
  for (const [rel, text] of pristine) {
    if (current.get(rel) !== text || dirty.has(wsUri(rel).fsPath)) await restore(wsUri(rel), text);
  }
  for (const rel of current.keys()) {
    if (pristine.has(rel)) continue;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === wsUri(rel).fsPath);
    if (open?.isDirty) await open.save();
    await vscode.workspace.fs.delete(wsUri(rel));
  }
  // Nothing is dirty any more, so closing asks nothing.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const findings = checkProject(workspaceRoot().fsPath);
  for (const f of new Set(findings.map((x) => x.file))) await expectDiagnostics(f, findings);
}
