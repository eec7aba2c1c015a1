/**
 * Migration commands: "Add PSRAM Allocator Header", "Migrate Workspace to PSRAM Allocation…" and
 * "Migrate This File". The plans come from server/fix (the same engine as `psram-lens fix`); each
 * command applies ONE WorkspaceEdit at once, then says what changed, with Show Changes (the
 * multi-file diff) and Undo (migrationOutcome.ts).
 */
import { basename, dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { LineIndex } from '../../server/analysis/lineIndex';
import { isCppFile } from '../../server/analysis/sourceFiles';
import { RULES } from '../../server/analysis/rules';
import type { RuleCode } from '../../server/analysis/findings';
import { type FixOptions, type MigrationPlan, planMigration } from '../../server/fix/migrate';
import { planWorkspace } from '../../server/fix/planWorkspace';
import { loadProjectSources } from '../../server/fix/projectSources';
import { findEnclosingProjectRoot, findProjects } from '../../server/project/discovery';
import { documentFindingsRequest } from '../../server/protocol/lsp';
import type { CommandContext as Context, CommandRow } from './commandRow';
import { UserError } from '../userError';
import type { ChangeSet } from './migrationOutcome';

/** What a migration command did (returned to callers such as tests). */
export interface MigrationSummary {
  sites: number;
  files: number;
  perRule: Partial<Record<RuleCode, number>>;
  qualifiedInstead: number;
  refused: number;
  applied: boolean;
}

function optionsFor(ctx: Context, root: string): FixOptions {
  const s = ctx.config.settings(vscode.Uri.file(root));
  return {
    style: s.fix.style,
    namespace: s.factory.namespace,
    headerPath: s.header.path ? join(root, s.header.path) : undefined,
  };
}

function labelOf(label: string | undefined): string {
  if (label === 'include') return 'Include the PSRAM allocator header';
  if (label === 'using-declaration') return 'Declare the PSRAM factory in the platform header';
  const rule = RULES[label as RuleCode];
  return rule ? `${rule.code}: ${rule.title}` : 'PSRAM Lens';
}

/**
 * One WorkspaceEdit for several plans. `needsConfirmation` opens VS Code's refactor preview, the
 * only way an extension can: by VS Code's design such entries start unticked there
 * (microsoft/vscode#200991), so it is used only when the user asks for the preview.
 */
export function workspaceEditOf(
  plans: readonly MigrationPlan[],
  needsConfirmation: boolean,
): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const plan of plans) {
    if (plan.header.create) {
      edit.createFile(
        vscode.Uri.file(plan.header.path),
        { ignoreIfExists: true, contents: Buffer.from(plan.header.text, 'utf8') },
        { label: 'Add the PSRAM allocator header', needsConfirmation },
      );
    }
    for (const f of plan.files) {
      const lines = new LineIndex(f.before);
      const uri = vscode.Uri.file(f.file);
      for (const e of f.edits) {
        const a = lines.positionAt(e.start);
        const b = lines.positionAt(e.end);
        edit.replace(uri, new vscode.Range(a.line, a.character, b.line, b.character), e.newText, {
          label: labelOf(e.label),
          needsConfirmation,
        });
      }
    }
  }
  return edit;
}

export function summarize(plans: readonly MigrationPlan[], applied = false): MigrationSummary {
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
    applied,
  };
}

function describe(s: MigrationSummary): string {
  const rules = Object.entries(s.perRule)
    .sort()
    .map(([c, n]) => `${c}: ${n}`)
    .join(', ');
  const notes = [
    s.qualifiedInstead ? `${s.qualifiedInstead} spelled qualified` : '',
    s.refused ? `${s.refused} left as they are` : '',
  ].filter(Boolean);
  return `${s.sites} sites in ${s.files} files (${rules})${notes.length ? `; ${notes.join(', ')} (see Output › PSRAM Lens)` : ''}.`;
}

function logNotes(ctx: Context, plans: readonly MigrationPlan[]): void {
  for (const p of plans) {
    for (const n of p.refused) {
      ctx.output.info(`${n.file}:${n.line + 1}: not rewritten: ${n.reason} [${n.code}]`);
    }
    for (const n of p.qualifiedInstead) {
      ctx.output.info(`${n.file}:${n.line + 1}: spelled qualified: ${n.reason} [${n.code}]`);
    }
  }
}

/** Rewrites need the files as planned: edits on a document with unsaved changes would misplace. */
function requireSaved(plans: readonly MigrationPlan[]): void {
  const planned = new Set(plans.flatMap((p) => p.files.map((f) => f.file)));
  const dirty = vscode.workspace.textDocuments.filter(
    (d) => d.isDirty && planned.has(d.uri.fsPath),
  );
  if (dirty.length) {
    throw new UserError(
      `Save ${dirty.map((d) => basename(d.uri.fsPath)).join(', ')} first: the migration rewrites files as saved.`,
    );
  }
}

async function apply(
  ctx: Context,
  plans: MigrationPlan[],
  interactive: boolean,
): Promise<MigrationSummary> {
  logNotes(ctx, plans);
  const summary = summarize(plans);
  if (summary.sites === 0 && !plans.some((p) => p.header.create || p.files.length)) {
    void vscode.window.showInformationMessage(
      `PSRAM Lens: nothing to migrate${summary.refused ? ` (${describe(summary)})` : ''}.`,
    );
    return summary;
  }
  requireSaved(plans);
  // Applied at once; the message then offers the multi-file diff and Undo (migrationOutcome.ts).
  const applied = await ctx.migrations.run(
    'Migrate Workspace',
    changeSetOf(plans),
    describe(summary),
    () => vscode.workspace.applyEdit(workspaceEditOf(plans, false), { isRefactoring: true }),
    { showDiff: interactive, announce: interactive },
  );
  return { ...summary, applied };
}

/** The files a plan rewrites and creates (the header, its component's CMakeLists.txt). */
function changeSetOf(plans: readonly MigrationPlan[]): ChangeSet {
  return {
    edited: plans.flatMap((p) => p.files.map((f) => vscode.Uri.file(f.file))),
    created: plans.flatMap((p) =>
      p.header.create ? [...p.created, p.header].map((c) => vscode.Uri.file(c.path)) : [],
    ),
  };
}

async function workspaceRoots(): Promise<string[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  if (!folders.length) throw new UserError('Open a folder with an ESP-IDF project first.');
  const roots = (await findProjects(folders)).map((p) => p.root);
  if (!roots.length) {
    throw new UserError(
      'No ESP-IDF project (CMakeLists.txt including project.cmake) in this workspace.',
    );
  }
  return roots;
}

/**
 * `psramLens.migrateWorkspace` accepts `{ interactive: false }` in the extension's test mode only:
 * no confirmation dialog and no refactor preview (which a test cannot click through).
 */
function interactive(ctx: Context, options: unknown): boolean {
  const testMode = ctx.extension.extensionMode === vscode.ExtensionMode.Test;
  return !(testMode && (options as { interactive?: unknown } | undefined)?.interactive === false);
}

async function migrateWorkspace(
  ctx: Context,
  options?: unknown,
): Promise<MigrationSummary | undefined> {
  const roots = await workspaceRoots();
  const plans = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'PSRAM Lens: planning the migration',
      cancellable: true,
    },
    async (progress, token) => {
      const out: MigrationPlan[] = [];
      for (const root of roots) {
        if (token.isCancellationRequested) return undefined;
        progress.report({
          message: relative(dirname(roots[0]), root) || basename(root),
          increment: 100 / roots.length,
        });
        const wp = await planWorkspace([root], async () => optionsFor(ctx, root));
        for (const w of [...wp.warnings, ...wp.errors]) ctx.output.warn(w);
        out.push(...wp.plans);
      }
      return token.isCancellationRequested ? undefined : out;
    },
  );
  if (!plans) return undefined;
  return apply(ctx, plans, interactive(ctx, options));
}

async function migrateFile(ctx: Context): Promise<MigrationSummary | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file' || !isCppFile(doc.uri.fsPath)) {
    throw new UserError('Open a C or C++ file of an ESP-IDF project first.');
  }
  const result = await ctx
    .requireClient()
    .sendRequest(documentFindingsRequest, { uri: doc.uri.toString() });
  const path = doc.uri.fsPath;
  const text = doc.getText();
  if (!result || result.version !== doc.version) {
    throw new UserError('The file is still being analysed; try again in a moment.');
  }
  const root = await findEnclosingProjectRoot(dirname(path));
  const src = await loadProjectSources(root, [path], async () => false);
  const plan = await planMigration(
    { ...src, read: (p) => (p === path ? text : src.read(p)) },
    [{ file: path, text, findings: result.findings }],
    optionsFor(ctx, root ?? dirname(path)),
  );
  // The open document is edited in the editor (its unsaved text is what was planned).
  const others = plan.files.filter((f) => f.file !== path);
  requireSaved([{ ...plan, files: others }]);
  logNotes(ctx, [plan]);
  const summary = summarize([plan]);
  if (!plan.files.length) {
    void vscode.window.showInformationMessage('PSRAM Lens: nothing to migrate in this file.');
    return summary;
  }
  // One file, like fix-all: applied at once, then the message with Show Changes and Undo.
  const applied = await ctx.migrations.run(
    'Migrate This File',
    changeSetOf([plan]),
    describe(summary),
    () => vscode.workspace.applyEdit(workspaceEditOf([plan], false), { isRefactoring: true }),
    { showDiff: false, announce: true },
  );
  return { ...summary, applied };
}

async function addHeader(ctx: Context): Promise<string | undefined> {
  const roots = await workspaceRoots();
  const root =
    roots.length === 1
      ? roots[0]
      : await vscode.window.showQuickPick(roots, {
          placeHolder: 'Add the PSRAM allocator header to which project?',
        });
  if (!root) return undefined;
  const src = await loadProjectSources(root, [], async () => false);
  const plan = await planMigration(src, [], optionsFor(ctx, root));
  const exists = src.read(plan.header.path) !== undefined;
  // Unqualified style: the platform header's using-declarations come with it.
  const withHeader: MigrationPlan = { ...plan, header: { ...plan.header, create: !exists } };
  if (exists && !plan.files.length) {
    void vscode.window.showInformationMessage(
      `PSRAM Lens: the header is already at ${relative(root, plan.header.path)}.`,
    );
  } else if (
    !(await ctx.migrations.run(
      'Add PSRAM Allocator Header',
      changeSetOf([withHeader]),
      withHeader.files.length ? `${withHeader.files.length} files declare the factory.` : 'done.',
      () =>
        vscode.workspace.applyEdit(workspaceEditOf([withHeader], false), { isRefactoring: true }),
      { showDiff: false, announce: true },
    ))
  ) {
    return undefined;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(plan.header.path), { preview: false });
  return plan.header.path;
}

/** Says once that the PSRAM header was created, and where (after a quick fix's edit). */
export async function announceHeader(path: unknown): Promise<void> {
  if (typeof path !== 'string') return;
  const uri = vscode.Uri.file(path);
  const open = await vscode.window.showInformationMessage(
    `PSRAM Lens created the PSRAM allocator header ${vscode.workspace.asRelativePath(uri)} (with its component's CMakeLists.txt when it is a new component).`,
    'Open Header',
  );
  if (open) await vscode.window.showTextDocument(uri, { preview: false });
}

/** Rows for the command table (extension/commands.ts). */
export const MIGRATION_COMMANDS: readonly CommandRow[] = [
  { id: 'psramLens.addHeader', run: (ctx) => addHeader(ctx) },
  { id: 'psramLens.migrateWorkspace', run: (ctx, options) => migrateWorkspace(ctx, options) },
  { id: 'psramLens.migrateFile', run: (ctx) => migrateFile(ctx) },
];
