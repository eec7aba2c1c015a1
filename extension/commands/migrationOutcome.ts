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

/** The header's file name when `psramLens.header.path` does not name another. */
const DEFAULT_HEADER_NAME = 'psram_shared.hpp';

export class MigrationOutcomes implements vscode.Disposable {
  /** The texts before the last migration, by file URI (what the diff's left side shows). */
  private last: Outcome | null = null;
  private readonly disposables: vscode.Disposable[];
  /** A migration is being applied: it names the header it creates in its own message. */
  private applying = false;
  /** Headers announced (until deleted): a quick fix's header is said once, whichever way it is seen. */
  private readonly announced = new Set<string>();

  constructor(
    /** The configured header's file name (`psramLens.header.path`), empty for the default. */
    private readonly configuredHeader: () => string = () => '',
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(BEFORE_SCHEME, {
        provideTextDocumentContent: (uri) => this.last?.before.get(uri.query) ?? '',
      }),
      // A quick fix's edit creates the header: said once, after it (its command says so too).
      vscode.workspace.onDidCreateFiles((e) => {
        if (this.applying) return;
        for (const uri of e.files) {
          if (uri.path.endsWith(`/${this.configuredHeader() || DEFAULT_HEADER_NAME}`)) {
            void this.headerCreated(uri.fsPath);
          }
        }
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) this.announced.delete(uri.fsPath);
      }),
    ];
  }

  /** Says once that the PSRAM header was created, and where (after a quick fix's edit). */
  async headerCreated(path: unknown): Promise<void> {
    if (typeof path !== 'string' || this.announced.has(path)) return;
    this.announced.add(path);
    const uri = vscode.Uri.file(path);
    const open = await vscode.window.showInformationMessage(
      `PSRAM Lens created the PSRAM allocator header ${vscode.workspace.asRelativePath(uri)} (with its component's CMakeLists.txt when it is a new component).`,
      'Open Header',
    );
    if (open) await vscode.window.showTextDocument(uri, { preview: false });
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
    this.applying = true;
    let applied: boolean;
    try {
      applied = await apply();
    } finally {
      this.applying = false;
    }
    for (const uri of changes.created) this.announced.add(uri.fsPath);
    if (!applied) {
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
    for (const d of this.disposables.splice(0)) d.dispose();
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
