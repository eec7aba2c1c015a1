/**
 * How a migration ends for the user: it is applied at once (one edit), then a message names what
 * changed (sites, files, the header created and where) with "Show Changes" (VS Code's multi-file
 * diff, `vscode.changes`) and "Undo" (puts every file back and removes what was created). This
 * replaces VS Code's refactor preview, whose entries start unticked (microsoft/vscode#200991).
 * The texts before the edit are kept in memory for the diff and the undo (the last migration only).
 */
import * as vscode from 'vscode';

/** What an edit touches: files rewritten, files created (the header and its component files). */
export interface ChangeSet {
  edited: vscode.Uri[];
  created: vscode.Uri[];
}

const BEFORE_SCHEME = 'psram-lens-before';

interface Outcome {
  title: string;
  before: Map<string, string>;
  changes: ChangeSet;
}

export class MigrationOutcomes implements vscode.Disposable {
  /** The texts before the last migration, by file URI (what the diff's left side shows). */
  private last: Outcome | null = null;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(BEFORE_SCHEME, {
      provideTextDocumentContent: (uri) => this.last?.before.get(uri.query) ?? '',
    });
  }

  /**
   * Applies the edit (`apply`), then says what changed. `what` is the summary sentence ("9 sites in
   * 4 files (PSR001: 3, …)."). With `showDiff` the multi-file diff opens at once as well.
   */
  async run(
    title: string,
    changes: ChangeSet,
    what: string,
    apply: () => Thenable<boolean>,
    opts: { showDiff: boolean; announce: boolean },
  ): Promise<boolean> {
    const before = new Map<string, string>();
    for (const uri of changes.edited) {
      const doc = await vscode.workspace.openTextDocument(uri);
      before.set(uri.toString(), doc.getText());
    }
    if (!(await apply())) {
      if (opts.announce) {
        void vscode.window.showWarningMessage(`PSRAM Lens: ${title} was not applied.`);
      }
      return false;
    }
    const outcome: Outcome = { title, before, changes };
    this.last = outcome;
    if (opts.showDiff) await this.showChanges(outcome);
    if (opts.announce) void this.announce(outcome, what);
    return true;
  }

  dispose(): void {
    this.last = null;
    this.registration.dispose();
  }

  private async announce(outcome: Outcome, what: string): Promise<void> {
    const created = outcome.changes.created.map((u) => vscode.workspace.asRelativePath(u));
    const header = created.length ? ` Created ${created.join(' and ')}.` : '';
    const choice = await vscode.window.showInformationMessage(
      `PSRAM Lens: ${outcome.title}: ${what}${header}`,
      'Show Changes',
      'Undo',
    );
    if (choice === 'Show Changes') await this.showChanges(outcome);
    else if (choice === 'Undo') await this.undo(outcome);
  }

  /** VS Code's multi-file diff editor: each file before the migration against it now. */
  private async showChanges(outcome: Outcome): Promise<void> {
    const beforeOf = (uri: vscode.Uri) =>
      vscode.Uri.from({ scheme: BEFORE_SCHEME, path: uri.path, query: uri.toString() });
    const resources = [...outcome.changes.created, ...outcome.changes.edited].map((uri) => [
      uri,
      beforeOf(uri),
      uri,
    ]);
    await vscode.commands.executeCommand(
      'vscode.changes',
      `PSRAM Lens: ${outcome.title}`,
      resources,
    );
  }

  /** Puts every rewritten file back as it was and removes the files the migration created. */
  private async undo(outcome: Outcome): Promise<void> {
    if (this.last !== outcome) {
      void vscode.window.showWarningMessage('PSRAM Lens: only the last migration can be undone.');
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const uri of outcome.changes.edited) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      edit.replace(uri, all, outcome.before.get(uri.toString()) ?? doc.getText());
    }
    for (const uri of outcome.changes.created) edit.deleteFile(uri, { ignoreIfNotExists: true });
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
      void vscode.window.showWarningMessage(`PSRAM Lens: ${outcome.title} could not be undone.`);
      return;
    }
    // Written to disk like the migration (the editor would otherwise hold the undo unsaved).
    for (const uri of outcome.changes.edited) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
    }
    this.last = null;
    const removed = outcome.changes.created.length
      ? ` and removed ${outcome.changes.created.map((u) => vscode.workspace.asRelativePath(u)).join(' and ')}`
      : '';
    void vscode.window.showInformationMessage(
      `PSRAM Lens: undid ${outcome.title}: restored ${outcome.changes.edited.length} files${removed}.`,
    );
  }
}
