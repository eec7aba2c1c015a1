// The CLI (`psram-lens check`, built to dist/cli.js) is the oracle for what the editor must show:
// the language server and the CLI share the analyzer, so the diagnostics of a file must equal the
// CLI's findings for it. Run with the extension host's own runtime (ELECTRON_RUN_AS_NODE makes
// desktop VS Code's binary behave as node; plain node ignores it).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, repoRoot } from './helpers';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
}

/** One finding as the test compares it (a diagnostic is turned into the same shape). */
export type Shape = Pick<
  Finding,
  'line' | 'column' | 'endLine' | 'endColumn' | 'code' | 'severity' | 'message'
>;

export function checkProject(projectDir: string): Finding[] {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'dist', 'cli.js'), 'check', '.', '--format', 'json'],
    {
      cwd: projectDir,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  assert.ok(r.status === 0 || r.status === 1, `psram-lens check failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

const severities: Record<vscode.DiagnosticSeverity, Shape['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function shapeOfDiagnostic(d: vscode.Diagnostic): Shape {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    code: codeOf(d),
    severity: severities[d.severity],
    message: d.message,
  };
}

export function shapeOfFinding(f: Finding): Shape {
  const { line, column, endLine, endColumn, code, severity, message } = f;
  return { line, column, endLine, endColumn, code, severity, message };
}

export function sortShapes(shapes: Shape[]): Shape[] {
  return [...shapes].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
