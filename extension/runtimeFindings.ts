/**
 * Runtime findings at the source: the server's heap session names device-seen problems with the
 * build machine's paths (server/session/runtimeFindings.ts); here the first frame inside the
 * workspace gets an Information diagnostic (source "psram-lens device"), linked to its row in
 * the heap panel. Cleared by a command or a new session.
 */
import * as vscode from 'vscode';
import {
  type RuntimeCandidate,
  clearFindingsNotification,
  runtimeFindingsNotification,
} from '../server/protocol/heapSession';
import type { FeatureContext } from './featureContext';

export const RUNTIME_SOURCE = 'psram-lens device';
export const REVEAL_COMMAND = 'psramLens.revealAllocation';

export class RuntimeFindings implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('psram-lens-device');
  private readonly disposables: vscode.Disposable[];
  /** Bumped by every update: a slower placement of older findings does not overwrite newer ones. */
  private generation = 0;

  constructor(private readonly ctx: FeatureContext) {
    this.disposables = [
      this.collection,
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
    ctx.onClient((client) => [
      client.onNotification(runtimeFindingsNotification, (list) => void this.show(list)),
    ]);
  }

  clear(): void {
    this.generation++;
    this.collection.clear();
    void this.ctx.runningClient()?.sendNotification(clearFindingsNotification);
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
    this.collection.clear();
    for (const { uri, list } of byFile.values()) this.collection.set(uri, list);
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

function rowIdOf(d: vscode.Diagnostic): number | null {
  const code = d.code;
  if (typeof code !== 'object' || !code.target) return null;
  const args = JSON.parse(decodeURIComponent(code.target.query)) as unknown;
  return Array.isArray(args) && typeof args[0] === 'number' ? args[0] : null;
}
