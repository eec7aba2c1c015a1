/**
 * Activation: build the one context, then start the language server. A failure is shown to the
 * user; when only the server failed, the commands stay so "Restart Language Server" can retry.
 */
import * as vscode from 'vscode';
import { Context } from './context';

let ctx: Context | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<Context | undefined> {
  try {
    ctx = Context.create(extension);
  } catch (e) {
    void vscode.window.showErrorMessage(`PSRAM Lens failed to activate: ${messageOf(e)}`);
    return undefined;
  }
  try {
    await ctx.start();
  } catch (e) {
    ctx.output.error(`language server did not start: ${messageOf(e)}`);
    // Not awaited: activation must not wait for the user to dismiss the message.
    const output = ctx.output;
    void vscode.window
      .showErrorMessage(
        `PSRAM Lens: the language server did not start: ${messageOf(e)}`,
        'Show Output',
      )
      .then((choice) => choice && output.show());
  }
  return ctx;
}

export function deactivate(): Promise<void> | undefined {
  return ctx?.stop();
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
