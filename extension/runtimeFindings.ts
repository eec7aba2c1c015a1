/**
 * Runtime findings at the source: internal-RAM allocations and allocation failures whose decoded
 * caller is a workspace line become Information diagnostics there (source "psram-lens device"),
 * each linked to its row in the heap panel. Cleared by a command or a new monitor session.
 */
import * as vscode from 'vscode';
import type { HeapEvent } from '../server/protocol/events';
import type { AllocationRow } from '../server/protocol/snapshot';
import {
  FailureTracker,
  internalAllocationCandidates,
  type RuntimeCandidate,
} from './monitor/runtimeCandidates';
import type { WorkspaceSources } from './panel/workspaceSources';

export const RUNTIME_SOURCE = 'psram-lens device';
export const REVEAL_COMMAND = 'psramLens.revealAllocation';
const UPDATE_DELAY_MS = 500;

export class RuntimeFindings implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('psram-lens-device');
  private readonly failures = new FailureTracker();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;

  constructor(
    private readonly sources: WorkspaceSources,
    private readonly rows: () => AllocationRow[],
  ) {}

  /** New events arrived: update the diagnostics soon (coalesced). */
  feed(events: readonly HeapEvent[]): void {
    this.failures.feed(events);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.update();
    }, UPDATE_DELAY_MS);
  }

  clear(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.failures.clear();
    this.collection.clear();
  }

  /** Recomputes now (also used when a session ends). */
  async update(): Promise<void> {
    const generation = this.generation;
    const candidates = [
      ...internalAllocationCandidates(this.rows()),
      ...this.failures.candidates(),
    ];
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

  provideCodeActions(
    _doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.source === RUNTIME_SOURCE)
      .map((d) => {
        const action = new vscode.CodeAction('Show in the heap panel', vscode.CodeActionKind.Empty);
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
    this.clear();
    this.collection.dispose();
  }

  private async place(
    c: RuntimeCandidate,
  ): Promise<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic } | null> {
    for (const f of c.frames) {
      const uri = await this.sources.resolve(f.file);
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
