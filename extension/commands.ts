/**
 * Every `psramLens.*` command, in one table (ids match package.json `contributes.commands`).
 * A row's `run` gets the context; a thrown UserError is shown as a message, anything else is
 * logged and shown with a pointer to the output channel.
 */
import * as vscode from 'vscode';
import { type Context, UserError } from './context';

export interface CommandRow {
  id: `psramLens.${string}`;
  run(ctx: Context, ...args: unknown[]): unknown;
}

export const COMMANDS: readonly CommandRow[] = [
  { id: 'psramLens.restartServer', run: (ctx) => ctx.restart() },
  { id: 'psramLens.showOutput', run: (ctx) => ctx.output.show(true) },
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
