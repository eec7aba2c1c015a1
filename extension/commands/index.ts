/**
 * Every `psramLens.*` command, in one table (ids match package.json `contributes.commands`).
 * A row's `run` gets the context, which owns the features; a thrown UserError is shown as a
 * message, anything else is logged and shown with a pointer to the output channel.
 */
import * as vscode from 'vscode';
import { describeError } from '../../server/errors';
import { UserError } from '../userError';
import { checkWorkspace } from './checkWorkspace';
import type { CommandContext, CommandRow } from './commandRow';
import { MIGRATION_COMMANDS } from './migrate';
import { HEADER_CREATED_COMMAND } from '../../server/protocol/lsp';

export const COMMANDS: readonly CommandRow[] = [
  { id: 'psramLens.restartServer', run: (ctx) => ctx.restart() },
  { id: 'psramLens.showOutput', run: (ctx) => ctx.output.show(true) },
  { id: 'psramLens.checkWorkspace', run: (ctx) => checkWorkspace(ctx) },
  // Heap panel and monitor (extension/panel, extension/monitor).
  { id: 'psramLens.startMonitor', run: (ctx) => ctx.monitor.start() },
  { id: 'psramLens.stopMonitor', run: (ctx) => ctx.monitor.stop() },
  { id: 'psramLens.followLogFile', run: (ctx) => ctx.monitor.follow() },
  { id: 'psramLens.openLogFile', run: (ctx, uri) => ctx.monitor.openFile(uri) },
  { id: 'psramLens.clearRuntimeFindings', run: (ctx) => ctx.findings.clear() },
  { id: 'psramLens.clearHeapPanel', run: (ctx) => ctx.panel.clear() },
  { id: 'psramLens.revealAllocation', run: (ctx, rowId) => ctx.panel.reveal(rowId) },
  { id: 'psramLens.showSites', run: (ctx) => ctx.panel.showTab('sites') },
  // Run by a quick fix after its edit created the header (server/lsp/codeActions.ts).
  { id: HEADER_CREATED_COMMAND, run: (ctx, path) => ctx.migrations.headerCreated(path) },
  ...MIGRATION_COMMANDS, // extension/commands/migrate.ts: header, workspace and file migration
];

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return COMMANDS.map((row) =>
    vscode.commands.registerCommand(row.id, async (...args: unknown[]) => {
      try {
        return await row.run(ctx, ...args);
      } catch (e) {
        if (e instanceof UserError) {
          void vscode.window.showWarningMessage(e.message);
          return undefined;
        }
        ctx.output.error(`${row.id} failed: ${describeError(e)}`);
        // A failure that is not a UserError is a bug: its stack goes to the log too.
        if (e instanceof Error && e.stack) ctx.output.debug(e.stack);
        void vscode.window.showErrorMessage(
          `PSRAM Lens: ${row.id} failed (see Output › PSRAM Lens).`,
        );
        return undefined;
      }
    }),
  );
}
