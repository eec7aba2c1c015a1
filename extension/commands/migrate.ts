/**
 * Migration commands: "Add PSRAM Allocator Header", "Migrate Workspace to PSRAM Allocation…" and
 * "Migrate This File". The language server plans them (`psramLens/migration`, the same engine as
 * `psram-lens fix`) and returns ONE WorkspaceEdit; this module applies it at once and says what
 * changed, with Show Changes (the multi-file diff) and Undo (migrationOutcome.ts).
 */
import { basename, relative } from 'node:path';
import * as vscode from 'vscode';
import type { ChangeAnnotation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import {
  type MigrationResult,
  type MigrationScope,
  type MigrationSummary as PlannedSummary,
  migrationRequest,
} from '../../server/protocol/lsp';
import { UserError } from '../userError';
import type { CommandContext as Context, CommandRow } from './commandRow';
import { sendRequest } from '../../server/protocol/rpc';
import type { ChangeSet } from './migrationOutcome';

/** What a migration command did (returned to callers such as tests). */
export interface MigrationSummary extends PlannedSummary {
  applied: boolean;
}

function describe(s: PlannedSummary): string {
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

async function plan(
  ctx: Context,
  scope: MigrationScope,
  token?: vscode.CancellationToken,
): Promise<MigrationResult | null> {
  const result = await sendRequest(await ctx.languageClient(), migrationRequest, scope, token);
  for (const w of result?.warnings ?? []) ctx.output.warn(w);
  for (const n of result?.notes ?? []) ctx.output.info(n);
  return result;
}

function textEdits(edit: WorkspaceEdit): { uri: string; version: number | null }[] {
  return (edit.documentChanges ?? []).flatMap((c) =>
    'textDocument' in c ? [{ uri: c.textDocument.uri, version: c.textDocument.version }] : [],
  );
}

const isEmpty = (edit: WorkspaceEdit): boolean => !edit.documentChanges?.length;

/**
 * Edits planned from the file on disk need it saved (edits on unsaved text would misplace); edits
 * planned against an editor version need that version still.
 */
function requireCurrent(edit: WorkspaceEdit): void {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const dirty: string[] = [];
  for (const { uri, version } of textEdits(edit)) {
    const doc = open.get(vscode.Uri.parse(uri).toString());
    if (!doc) continue;
    if (version === null && doc.isDirty) dirty.push(basename(doc.uri.fsPath));
    if (version !== null && doc.version !== version) {
      throw new UserError(
        `${basename(doc.uri.fsPath)} changed while the migration was planned; run it again.`,
      );
    }
  }
  if (dirty.length) {
    throw new UserError(`Save ${dirty.join(', ')} first: the migration rewrites files as saved.`);
  }
}

/**
 * Applies the server's edit as one refactoring, never through VS Code's refactor preview (its
 * entries start unticked, microsoft/vscode#200991). A header the edit creates is saved, as `fix`
 * writes it.
 */
async function applyEdit(ctx: Context, edit: WorkspaceEdit): Promise<boolean> {
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  for (const [id, a] of Object.entries(edit.changeAnnotations ?? {})) {
    changeAnnotations[id] = { ...a, needsConfirmation: false };
  }
  const client = await ctx.languageClient();
  const converted = await client.protocol2CodeConverter.asWorkspaceEdit({
    ...edit,
    changeAnnotations,
  });
  const applied = await vscode.workspace.applyEdit(converted, { isRefactoring: true });
  if (applied) {
    for (const c of edit.documentChanges ?? []) {
      if (!('kind' in c) || c.kind !== 'create') continue;
      const doc = vscode.workspace.textDocuments.find(
        (d) => d.uri.toString() === vscode.Uri.parse(c.uri).toString(),
      );
      if (doc?.isDirty) await doc.save();
    }
  }
  return applied;
}

/** The files an edit rewrites and creates (the header, its component's CMakeLists.txt). */
function changeSetOf(edit: WorkspaceEdit): ChangeSet {
  const edited: vscode.Uri[] = [];
  const created: vscode.Uri[] = [];
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c) edited.push(vscode.Uri.parse(c.textDocument.uri));
    else if (c.kind === 'create') created.push(vscode.Uri.parse(c.uri));
  }
  const isCreated = new Set(created.map((u) => u.toString()));
  const seen = new Set<string>();
  return {
    // A created file's contents arrive as a text edit too: it is listed as created only.
    edited: edited.filter((u) => {
      const k = u.toString();
      if (isCreated.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
    created,
  };
}

/** Applies at once, then the message with Show Changes and Undo (and the diff, when asked). */
async function applyAndTell(
  ctx: Context,
  title: string,
  edit: WorkspaceEdit,
  what: string,
  opts: { showDiff: boolean; announce: boolean },
): Promise<boolean> {
  requireCurrent(edit);
  return ctx.migrations.run(title, changeSetOf(edit), what, () => applyEdit(ctx, edit), opts);
}

async function apply(
  ctx: Context,
  result: MigrationResult,
  interactive: boolean,
): Promise<MigrationSummary> {
  const summary = { ...result.summary, applied: false };
  if (isEmpty(result.edit)) {
    void vscode.window.showInformationMessage(
      `PSRAM Lens: nothing to migrate${summary.refused ? ` (${describe(summary)})` : ''}.`,
    );
    return summary;
  }
  const applied = await applyAndTell(ctx, 'Migrate Workspace', result.edit, describe(summary), {
    showDiff: interactive,
    announce: interactive,
  });
  return { ...summary, applied };
}

/** The ESP-IDF projects the server found in the workspace. */
async function workspaceRoots(ctx: Context): Promise<string[]> {
  if (!vscode.workspace.workspaceFolders?.length) {
    throw new UserError('Open a folder with an ESP-IDF project first.');
  }
  const roots = (await ctx.projects()).map((p) => p.root);
  if (!roots.length) {
    throw new UserError(
      'No ESP-IDF project (CMakeLists.txt including project.cmake) in this workspace.',
    );
  }
  return roots;
}

/**
 * `psramLens.migrateWorkspace` accepts `{ interactive: false }` in the extension's test mode only:
 * no diff editor and no message (which a test cannot click through).
 */
function interactive(ctx: Context, options: unknown): boolean {
  const testMode = ctx.extension.extensionMode === vscode.ExtensionMode.Test;
  return !(testMode && (options as { interactive?: unknown } | undefined)?.interactive === false);
}

async function migrateWorkspace(
  ctx: Context,
  options?: unknown,
): Promise<MigrationSummary | undefined> {
  await workspaceRoots(ctx);
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'PSRAM Lens: planning the migration',
      cancellable: true,
    },
    async (_progress, token) => {
      try {
        return await plan(ctx, { kind: 'workspace' }, token);
      } catch (e) {
        if (token.isCancellationRequested) return null;
        throw e;
      }
    },
  );
  if (!result) return undefined;
  return apply(ctx, result, interactive(ctx, options));
}

async function migrateFile(ctx: Context): Promise<MigrationSummary | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  // The language client's document selector: C and C++ files on disk.
  if (!doc || doc.uri.scheme !== 'file' || !['c', 'cpp'].includes(doc.languageId)) {
    throw new UserError('Open a C or C++ file of an ESP-IDF project first.');
  }
  const result = await plan(ctx, { kind: 'file', uri: doc.uri.toString() });
  if (!result) throw new UserError('The file is still being analysed; try again in a moment.');
  const summary = { ...result.summary, applied: false };
  if (isEmpty(result.edit)) {
    void vscode.window.showInformationMessage('PSRAM Lens: nothing to migrate in this file.');
    return summary;
  }
  // One file, like fix-all: applied at once, then the message with Show Changes and Undo.
  const applied = await applyAndTell(ctx, 'Migrate This File', result.edit, describe(summary), {
    showDiff: false,
    announce: true,
  });
  return { ...summary, applied };
}

async function addHeader(ctx: Context): Promise<string | undefined> {
  const roots = await workspaceRoots(ctx);
  const root =
    roots.length === 1
      ? roots[0]
      : await vscode.window.showQuickPick(roots, {
          placeHolder: 'Add the PSRAM allocator header to which project?',
        });
  if (!root) return undefined;
  const result = await plan(ctx, { kind: 'header', root });
  const header = result?.headers[0];
  if (!result || !header) return undefined;
  if (isEmpty(result.edit)) {
    void vscode.window.showInformationMessage(
      `PSRAM Lens: the header is already at ${relative(root, header.path)}.`,
    );
  } else if (
    !(await applyAndTell(ctx, 'Add PSRAM Allocator Header', result.edit, 'done.', {
      showDiff: false,
      announce: true,
    }))
  ) {
    return undefined;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(header.path), { preview: false });
  return header.path;
}

/** Rows for the command table (extension/commands.ts). */
export const MIGRATION_COMMANDS: readonly CommandRow[] = [
  { id: 'psramLens.addHeader', run: (ctx) => addHeader(ctx) },
  { id: 'psramLens.migrateWorkspace', run: (ctx, options) => migrateWorkspace(ctx, options) },
  { id: 'psramLens.migrateFile', run: (ctx) => migrateFile(ctx) },
];
