/**
 * "Check Workspace": the server checks every project file (as `psram-lens check` does) and
 * publishes the findings of files that are not open; Problems comes forward with all of them.
 */
import * as vscode from 'vscode';
import { checkWorkspaceRequest } from '../../server/protocol/lsp';
import type { CommandContext } from './commandRow';
import { sendRequest } from '../../server/protocol/rpc';

export async function checkWorkspace(ctx: CommandContext): Promise<void> {
  const client = ctx.requireClient();
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'PSRAM Lens: checking the workspace' },
    () => sendRequest(client, checkWorkspaceRequest, undefined),
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const what =
    summary.findings === 0
      ? `no findings in ${summary.filesScanned} files`
      : `${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'} (${summary.filesScanned} scanned)`;
  const problems = summary.problems.length
    ? `; ${summary.problems.length} files could not be read (see Output)`
    : '';
  void vscode.window.showInformationMessage(`PSRAM Lens: ${what}${problems}.`);
}
