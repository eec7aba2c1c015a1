// Editor-side steps the tests take as a user would: apply a code action, accept the refactor
// preview, save, put a file back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitUntil } from './helpers';

export async function codeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind: string,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return actions ?? [];
}

/** Applies an action like the light bulb does: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    assert.ok(await vscode.workspace.applyEdit(action.edit), `${action.title}: edit refused`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(
      action.command.command,
      ...(action.command.arguments ?? []),
    );
  }
}

/** The refactor preview is showing: its view registers its toggle command only while it is open. */
async function previewShowing(): Promise<boolean> {
  return (await vscode.commands.getCommands(false)).includes('refactorPreview.toggleVisibility');
}

/**
 * Runs a command whose WorkspaceEdit may need confirmation and, when the refactor preview opens,
 * accepts it as a person does: edits marked needsConfirmation are shown unticked, so tick the
 * first (top) entry, then Apply. Resolves with the command's result.
 */
export async function withPreviewAccepted<T>(run: () => Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(run()).finally(() => (settled = true));
  await waitUntil(
    async () => {
      if (settled) return true;
      if (!(await previewShowing())) return false;
      await vscode.commands.executeCommand('refactorPreview.focus');
      await vscode.commands.executeCommand('list.focusFirst');
      await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
      await vscode.commands.executeCommand('refactorPreview.apply');
      return true;
    },
    {
      timeoutMs: 120_000,
      what: 'the command to finish or its refactor preview to open',
      intervalMs: 250,
    },
  );
  return result;
}

export async function saveAll(): Promise<void> {
  assert.ok(await vscode.workspace.saveAll(false), 'saving the edited files failed');
}

/** Puts a document back to `text` and saves it (the test's own cleanup, through the editor). */
export async function restore(uri: vscode.Uri, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.getText() !== text) {
    const we = new vscode.WorkspaceEdit();
    we.replace(
      uri,
      new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
      text,
    );
    assert.ok(await vscode.workspace.applyEdit(we));
  }
  if (doc.isDirty) assert.ok(await doc.save());
}
