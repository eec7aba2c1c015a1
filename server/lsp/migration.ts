/**
 * `psramLens/migration`: "Migrate This File", "Migrate Workspace…" and "Add PSRAM Allocator
 * Header" planned in the server (the same planner as `psram-lens fix`) and returned as one
 * WorkspaceEdit with a summary; the extension only applies it. Like rust-analyzer's and
 * vscode-eslint's servers, nothing is written here.
 */
import { dirname } from 'node:path';
import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { Finding, RuleCode } from '../analysis/findings';
import { type FixSettings, fixOptionsOf } from '../fix/fixOptions';
import { type MigrationPlan, planMigration } from '../fix/migrate';
import { planWorkspace, refusedLine } from '../fix/planWorkspace';
import { loadProjectSources } from '../fix/projectSources';
import type { MigrationResult, MigrationScope, MigrationSummary } from '../protocol/lsp';
import { workspaceEditOf } from './workspaceEdit';

/** An open document, analysed at its current version. */
export interface AnalysedDocument {
  path: string;
  text: string;
  version: number;
  findings: readonly Finding[];
  /** Its ESP-IDF project, or null outside any. */
  root: string | null;
}

/** What the planner needs from the running server. */
export interface MigrationHost {
  /** The ESP-IDF projects under the workspace folders (after discovery). */
  projectRoots(): Promise<string[]>;
  /** The settings that apply to a file or folder. */
  settings(path: string): Promise<FixSettings>;
  /** null when the document is not open (or has no file on disk). */
  analysedDocument(uri: string): Promise<AnalysedDocument | null>;
}

export function summarize(plans: readonly MigrationPlan[]): MigrationSummary {
  const perRule: Partial<Record<RuleCode, number>> = {};
  for (const p of plans) {
    for (const [code, n] of Object.entries(p.perRule) as [RuleCode, number][]) {
      perRule[code] = (perRule[code] ?? 0) + n;
    }
  }
  return {
    sites: plans.reduce((n, p) => n + p.sites, 0),
    files: plans.reduce((n, p) => n + p.files.filter((f) => f.sites > 0).length, 0),
    perRule,
    qualifiedInstead: plans.reduce((n, p) => n + p.qualifiedInstead.length, 0),
    refused: plans.reduce((n, p) => n + p.refused.length, 0),
  };
}

function resultOf(
  plans: readonly MigrationPlan[],
  warnings: string[],
  versionOf?: (path: string) => number | null,
): MigrationResult {
  return {
    edit: workspaceEditOf(plans, versionOf),
    summary: summarize(plans),
    headers: plans.map((p) => ({ path: p.header.path, create: p.header.create })),
    notes: plans.flatMap((p) => [
      ...p.refused.map((n) => `${n.file}:${n.line + 1}: not rewritten: ${n.reason} [${n.code}]`),
      ...p.qualifiedInstead.map(
        (n) => `${n.file}:${n.line + 1}: spelled qualified: ${n.reason} [${n.code}]`,
      ),
    ]),
    warnings: [...new Set([...warnings, ...plans.flatMap((p) => p.problems)])],
  };
}

function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) {
    throw new ResponseError(LSPErrorCodes.RequestCancelled, 'migration planning cancelled');
  }
}

export async function planScope(
  scope: MigrationScope,
  host: MigrationHost,
  token?: CancellationToken,
): Promise<MigrationResult | null> {
  switch (scope.kind) {
    case 'file':
      return planFile(scope.uri, host);
    case 'workspace':
      return planProjects(host, token);
    case 'header':
      return planHeader(scope.root, host);
  }
}

/** The open document as the editor holds it (its findings' offsets belong to that text). */
async function planFile(uri: string, host: MigrationHost): Promise<MigrationResult | null> {
  const doc = await host.analysedDocument(uri);
  if (!doc) return null;
  const src = await loadProjectSources(doc.root, [doc.path], async () => false);
  const base = doc.root ?? dirname(doc.path);
  const resolved = fixOptionsOf(await host.settings(base), doc.root);
  const plan = await planMigration(
    { ...src, read: (p) => (p === doc.path ? doc.text : src.read(p)) },
    [{ file: doc.path, text: doc.text, findings: doc.findings }],
    resolved.options,
  );
  return resultOf([plan], resolved.problems, (p) => (p === doc.path ? doc.version : null));
}

/** Every project of the workspace, from the files on disk. */
async function planProjects(
  host: MigrationHost,
  token: CancellationToken | undefined,
): Promise<MigrationResult> {
  const plans: MigrationPlan[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  for (const root of await host.projectRoots()) {
    checkCancelled(token);
    const resolved = fixOptionsOf(await host.settings(root), root);
    const wp = await planWorkspace([root], async () => resolved.options);
    warnings.push(...resolved.problems, ...wp.warnings, ...wp.errors);
    notes.push(
      ...wp.refused.map(refusedLine),
      ...wp.vendored.map(refusedLine),
      ...wp.hostCode.map(refusedLine),
    );
    plans.push(...wp.plans);
  }
  checkCancelled(token);
  const result = resultOf(plans, warnings);
  return { ...result, notes: [...notes, ...result.notes] };
}

/** The header alone (with the platform header's using-declarations in the unqualified style). */
async function planHeader(root: string, host: MigrationHost): Promise<MigrationResult> {
  const src = await loadProjectSources(root, [], async () => false);
  const resolved = fixOptionsOf(await host.settings(root), root);
  const plan = await planMigration(src, [], resolved.options);
  const create = src.read(plan.header.path) === undefined;
  return resultOf([{ ...plan, header: { ...plan.header, create } }], resolved.problems);
}
