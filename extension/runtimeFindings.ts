/**
 * Runtime findings at the source: the server's heap session names device-seen problems with the
 * build machine's paths (server/session/runtimeFindings.ts); here the first frame inside the
 * workspace gets an Information diagnostic (source "psram-lens device"), linked to its row in
 * the heap panel. Cleared by a command or a new session.
 *
 * A static finding on the same line quotes what the run saw instead ("… Device run: 1,000 live
 * allocations …"): the language client's diagnostics pass through `middleware`, which appends the
 * run's message to the server's findings of that line, and the device diagnostic is then left out
 * there. Lines the analyzer has no finding for keep the device diagnostic.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import {
  type RuntimeCandidate,
  clearFindingsNotification,
  runtimeFindingsNotification,
} from '../server/protocol/heapSession';
import type { FeatureContext } from './featureContext';
import { onNotification, sendNotification } from '../server/protocol/rpc';

export const RUNTIME_SOURCE = 'psram-lens device';
export const REVEAL_COMMAND = 'psramLens.revealAllocation';

export class RuntimeFindings implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('psram-lens-device');
  private readonly disposables: vscode.Disposable[];
  /** Bumped by every update: a slower placement of older findings does not overwrite newer ones. */
  private generation = 0;
  /** The device messages of internal-allocation lines, by file URI and 0-based line. */
  private quotes = new Map<string, Map<number, string>>();
  /** The device diagnostics last placed, by file URI (before leaving out quoted lines). */
  private placed = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
  /** The server's latest findings per file and where they went, so a new run can re-quote them. */
  private readonly statics = new Map<
    string,
    {
      uri: vscode.Uri;
      list: vscode.Diagnostic[];
      next: (u: vscode.Uri, d: vscode.Diagnostic[]) => void;
    }
  >();
  /** A finding's own message, before a quote was appended. */
  private readonly own = new WeakMap<vscode.Diagnostic, string>();

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      this.statics.set(uri.toString(), { uri, list: diagnostics, next });
      next(uri, this.quoted(uri, diagnostics));
      this.render();
    },
  };

  constructor(private readonly ctx: FeatureContext) {
    this.disposables = [
      this.collection,
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
    ctx.onClient((client) => [
      onNotification(client, runtimeFindingsNotification, (list) => void this.show(list)),
    ]);
  }

  clear(): void {
    this.generation++;
    this.placed = new Map();
    this.quotes = new Map();
    for (const s of this.statics.values()) s.next(s.uri, this.quoted(s.uri, s.list));
    this.collection.clear();
    const client = this.ctx.runningClient();
    if (client) sendNotification(client, clearFindingsNotification, undefined);
  }

  provideCodeActions(
    _doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.source === RUNTIME_SOURCE)
      .map((d) => {
        // A quick fix: VS Code lists only kinded actions in the light bulb.
        const action = new vscode.CodeAction(
          'Show in the heap panel',
          vscode.CodeActionKind.QuickFix,
        );
        const id = rowIdOf(d);
        action.command = {
          command: id === null ? 'psramLens.heapPanel.focus' : REVEAL_COMMAND,
          title: 'Show in the heap panel',
          arguments: id === null ? [] : [id],
        };
        action.diagnostics = [d];
        return action;
      });
  }

  dispose(): void {
    this.generation++;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async show(candidates: readonly RuntimeCandidate[]): Promise<void> {
    const generation = ++this.generation;
    const byFile = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    for (const c of candidates) {
      const placed = await this.place(c);
      if (!placed) continue;
      const entry = byFile.get(placed.uri.toString()) ?? { uri: placed.uri, list: [] };
      entry.list.push(placed.diagnostic);
      byFile.set(placed.uri.toString(), entry);
    }
    if (generation !== this.generation) return;
    this.placed = byFile;
    this.quotes = new Map();
    for (const [key, { list }] of byFile) {
      const lines = new Map<number, string>();
      for (const d of list) {
        if (codeOf(d) === 'internalAllocation') lines.set(d.range.start.line, d.message);
      }
      if (lines.size > 0) this.quotes.set(key, lines);
    }
    for (const s of this.statics.values()) s.next(s.uri, this.quoted(s.uri, s.list));
    this.render();
  }

  /** The server's findings with the device message of their line appended (and earlier quotes removed). */
  private quoted(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
    const lines = this.quotes.get(uri.toString());
    for (const d of diagnostics) {
      const own = this.own.get(d) ?? d.message;
      this.own.set(d, own);
      const quote = lines?.get(d.range.start.line);
      // In place: the client's diagnostic keeps its `data`, which the server's quick fixes read.
      d.message = quote ? `${own}\n${quote}` : own;
    }
    return diagnostics;
  }

  /** The device diagnostics, except on lines where a finding of the server quotes them. */
  private render(): void {
    this.collection.clear();
    for (const [key, { uri, list }] of this.placed) {
      const staticLines = new Set(
        (this.statics.get(key)?.list ?? []).map((d) => d.range.start.line),
      );
      const kept = list.filter(
        (d) => codeOf(d) !== 'internalAllocation' || !staticLines.has(d.range.start.line),
      );
      if (kept.length > 0) this.collection.set(uri, kept);
    }
  }

  private async place(
    c: RuntimeCandidate,
  ): Promise<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic } | null> {
    for (const f of c.frames) {
      const uri = await this.ctx.sources.resolve(f.file);
      if (!uri) continue;
      const line = Math.max(0, f.line - 1);
      const d = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
        c.message,
        vscode.DiagnosticSeverity.Information,
      );
      d.source = RUNTIME_SOURCE;
      const rowId = c.rowIds[0];
      d.code =
        rowId === undefined
          ? c.kind
          : {
              value: c.kind,
              // The code is a link to the panel row (a command URI, opened by VS Code's hover).
              target: vscode.Uri.parse(
                `command:${REVEAL_COMMAND}?${encodeURIComponent(JSON.stringify([rowId]))}`,
              ),
            };
      return { uri, diagnostic: d };
    }
    return null;
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

function rowIdOf(d: vscode.Diagnostic): number | null {
  const code = d.code;
  if (typeof code !== 'object' || !code.target) return null;
  const args = JSON.parse(decodeURIComponent(code.target.query)) as unknown;
  return Array.isArray(args) && typeof args[0] === 'number' ? args[0] : null;
}
