/**
 * Code actions for PSRAM Lens findings (the language server's `onCodeAction` calls
 * `provideCodeActions`): a quick fix per finding (with the include, platform-header
 * using-declarations or the header itself when the factory is not reachable yet),
 * `source.fixAll.psramLens` for the whole file (works with `editor.codeActionsOnSave`), and
 * "ignore this line" / "ignore this file" actions that insert the suppression comments.
 * Async because the migration planner parses with tree-sitter; the result is a plain array.
 */
import { dirname, join } from 'node:path';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../analysis/findings';
import { LineIndex } from '../analysis/lineIndex';
import { type FixSettings, fixOptionsOf } from '../fix/fixOptions';
import { type MigrationPlan, type ProjectSources, planMigration } from '../fix/migrate';
import { loadProjectSources } from '../fix/projectSources';
import { dominantEol, startOfLine } from '../fix/textEdit';
import { findEnclosingProjectRoot } from '../project/discovery';
import { filePathOf } from './uris';
import { HEADER_CREATED_COMMAND } from '../protocol/lsp';
import { workspaceEditOf } from './workspaceEdit';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.psramLens`;
export const IGNORE_LINE = '// psram-lens: ignore';
export const IGNORE_FILE = '// psram-lens: ignore-file';

/** Project sources are walked at most once per few seconds per project (requests come per cursor move). */
const SOURCES_TTL_MS = 5000;
const sourcesCache = new Map<string, { at: number; sources: Promise<ProjectSources> }>();

async function sourcesFor(path: string | null, text: string): Promise<ProjectSources> {
  const root = path ? await findEnclosingProjectRoot(dirname(path)) : null;
  let base: ProjectSources;
  if (!root) {
    base = { root: null, files: path ? [path] : [], components: [], read: () => undefined };
  } else {
    let hit = sourcesCache.get(root);
    if (!hit || Date.now() - hit.at > SOURCES_TTL_MS) {
      hit = { at: Date.now(), sources: loadProjectSources(root, [], async () => false) };
      sourcesCache.set(root, hit);
    }
    base = await hit.sources;
  }
  // The open document's text wins over the file on disk.
  return { ...base, read: (p) => (p === path ? text : base.read(p)) };
}

function intersects(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function insertLine(uri: string, lines: LineIndex, offset: number, line: string): WorkspaceEdit {
  const at = lines.positionAt(offset);
  return { changes: { [uri]: [{ range: { start: at, end: at }, newText: line }] } };
}

/** An action that creates the header runs HEADER_CREATED_COMMAND after its edit (VS Code's order). */
function headerNotice(p: MigrationPlan): Pick<CodeAction, 'command'> {
  if (!p.header.create) return {};
  return {
    command: {
      title: 'PSRAM header created',
      command: HEADER_CREATED_COMMAND,
      arguments: [p.header.path],
    },
  };
}

/** The factory spelling an edit introduces (`psram::make_shared`), for the action title. */
function spelledFactory(plan: MigrationPlan, path: string): string {
  const text =
    plan.files
      .find((x) => x.file === path)
      ?.edits.map((e) => e.newText)
      .join(' ') ?? '';
  return /(?:::)?[\w:]*(?:make_shared|allocate_shared)/.exec(text)?.[0] ?? 'the PSRAM factory';
}

export async function provideCodeActions(
  params: CodeActionParams,
  doc: { text: string; uri: string },
  findings: readonly Finding[],
  settings: FixSettings,
): Promise<CodeAction[]> {
  const path = filePathOf(doc.uri) ?? join('/', 'untitled', 'document.cpp');
  const only = params.context.only;
  const wants = (kind: string): boolean =>
    !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const src = await sourcesFor(filePathOf(doc.uri), doc.text);
  const root = src.root;
  const { options } = fixOptionsOf(settings, root);
  const plan = (subset: readonly Finding[]): Promise<MigrationPlan> =>
    planMigration(src, [{ file: path, text: doc.text, findings: subset }], options);
  const diagnosticFor = (f: Finding): Diagnostic[] =>
    params.context.diagnostics.filter((d) => d.code === f.code && sameRange(d.range, f.range));
  const eol = dominantEol(doc.text);
  const lines = new LineIndex(doc.text);

  const actions: CodeAction[] = [];
  const here = findings.filter((f) => intersects(f.range, params.range));
  const fixable = findings.filter((f) => f.fixable && f.fix);
  if (wants(CodeActionKind.QuickFix)) {
    for (const f of here.filter((x) => x.fixable && x.fix)) {
      const p = await plan([f]);
      if (p.sites === 0) continue;
      actions.push({
        title: `Allocate in PSRAM: use ${spelledFactory(p, path)}${p.header.create ? ' (adds the PSRAM header)' : ''}`,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        diagnostics: diagnosticFor(f),
        edit: workspaceEditOf([p]),
        ...headerNotice(p),
      });
    }
    // The light bulb lists quick fixes only (source actions are in another menu): fix all from here too.
    const fixableHere = here.some((x) => x.fixable && x.fix);
    if (fixableHere && fixable.length > 1) {
      const p = await plan(fixable);
      if (p.sites > 1) {
        actions.push({
          title: `Allocate in PSRAM: fix all ${p.sites} sites in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: fixable.flatMap(diagnosticFor),
          edit: workspaceEditOf([p]),
          ...headerNotice(p),
        });
      }
    }
    for (const f of here) {
      const lineStart = startOfLine(doc.text, lines.offsetAt(f.range.start));
      const indent = /^[ \t]*/.exec(doc.text.slice(lineStart))?.[0] ?? '';
      actions.push({
        title: `Ignore ${f.code} on this line (psram-lens: ignore)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnosticFor(f),
        edit: insertLine(doc.uri, lines, lineStart, `${indent}${IGNORE_LINE}${eol}`),
      });
    }
    if (here.length) {
      const top = doc.text.startsWith('\uFEFF') ? 1 : 0;
      actions.push({
        title: 'Ignore PSRAM Lens findings in this file (psram-lens: ignore-file)',
        kind: CodeActionKind.QuickFix,
        diagnostics: here.flatMap(diagnosticFor),
        edit: insertLine(doc.uri, lines, top, `${IGNORE_FILE}${eol}`),
      });
    }
  }
  if (fixable.length && (wants(FIX_ALL_KIND) || wants(CodeActionKind.Source))) {
    const p = await plan(fixable);
    if (p.sites > 0) {
      actions.push({
        title: `Allocate in PSRAM: fix all ${p.sites} sites in this file`,
        kind: FIX_ALL_KIND,
        diagnostics: fixable.flatMap(diagnosticFor),
        edit: workspaceEditOf([p]),
        ...headerNotice(p),
      });
    }
  }
  return actions;
}
