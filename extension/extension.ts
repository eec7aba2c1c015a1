/**
 * Activation: build the one context and start the language server without waiting for its
 * handshake (activation stays a few milliseconds; commands wait for the start themselves). A
 * failure is shown to the user; when only the server failed, the commands stay so "Restart
 * Language Server" can retry.
 */
// First: it notes when loading began (before `vscode` loads; the client library loads later, when the client starts).
import { loadClock, loadStartedAt } from './loadClock';
import * as vscode from 'vscode';
import { describeError } from '../server/errors';
import { Context } from './context';
import { type PsramLensExports, createExports } from './exports';

let ctx: Context | undefined;
loadClock.evaluatedAt = performance.now();

export function activate(extension: vscode.ExtensionContext): PsramLensExports | undefined {
  const t0 = performance.now();
  try {
    ctx = Context.create(extension);
  } catch (e) {
    void vscode.window.showErrorMessage(`PSRAM Lens failed to activate: ${describeError(e)}`);
    return undefined;
  }
  const output = ctx.output;
  ctx.start().catch((e: unknown) => {
    output.error(`language server did not start: ${describeError(e)}`);
    void vscode.window
      .showErrorMessage(
        `PSRAM Lens: the language server did not start: ${describeError(e)}`,
        'Show Output',
      )
      .then((choice) => choice && output.show());
  });
  const exports = createExports(
    {
      activateMs: performance.now() - t0,
      loadMs: loadClock.evaluatedAt - loadStartedAt,
      totalMs: performance.now() - loadStartedAt,
    },
    ctx.panel,
  );
  ctx.own(exports);
  return exports;
}

export function deactivate(): Promise<void> | undefined {
  return ctx?.stop();
}
