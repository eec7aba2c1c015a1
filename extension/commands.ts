/**
 * Every `psramLens.*` command, in one table (ids match package.json `contributes.commands`).
 * A row's `run` gets the context; a thrown UserError is shown as a message, anything else is
 * logged and shown with a pointer to the output channel.
 */
import * as vscode from 'vscode';
import { type Context, UserError } from './context';
import { heapPanel } from './panel/heapPanelFeature';
import type { CommandRow } from './commands/commandRow';
import { MIGRATION_COMMANDS } from './commands/migrate';

export const COMMANDS: readonly CommandRow[] = [
  { id: 'psramLens.restartServer', run: (ctx) => ctx.restart() },
  { id: 'psramLens.showOutput', run: (ctx) => ctx.output.show(true) },
  // Heap panel and monitor (extension/panel, extension/monitor). The argument of startMonitor
  // (`{ file, args }` instead of the configured command) is honoured only in test mode.
  { id: 'psramLens.startMonitor', run: (ctx, override) => heapPanel(ctx).monitor.start(override) },
  { id: 'psramLens.stopMonitor', run: (ctx) => heapPanel(ctx).monitor.stop() },
  { id: 'psramLens.followLogFile', run: (ctx) => heapPanel(ctx).monitor.follow() },
  { id: 'psramLens.openLogFile', run: (ctx, uri) => heapPanel(ctx).monitor.openFile(uri as never) },
  { id: 'psramLens.clearRuntimeFindings', run: (ctx) => heapPanel(ctx).findings.clear() },
  { id: 'psramLens.clearHeapPanel', run: (ctx) => heapPanel(ctx).clear() },
  { id: 'psramLens.revealAllocation', run: (ctx, rowId) => heapPanel(ctx).reveal(rowId) },
  ...MIGRATION_COMMANDS, // extension/commands/migrate.ts: header, workspace and file migration
  /** For tests only: the heap panel's host model and what the webview acknowledged. */
  { id: 'psramLens.test.getPanelState', run: (ctx) => heapPanel(ctx).panelState() },
];

export function registerCommands(ctx: Context): vscode.Disposable[] {
  return COMMANDS.map((row) =>
    vscode.commands.registerCommand(row.id, async (...args: unknown[]) => {
      try {
        return await row.run(ctx, ...args);
      } catch (e) {
        if (e instanceof UserError) {
          void vscode.window.showWarningMessage(e.message);
          return undefined;
        }
        ctx.output.error(
          `${row.id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        void vscode.window.showErrorMessage(
          `PSRAM Lens: ${row.id} failed (see Output › PSRAM Lens).`,
        );
        return undefined;
      }
    }),
  );
}
