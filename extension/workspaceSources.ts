/**
 * The workspace's C/C++ files, indexed by path suffix (sourcePaths.ts), kept current by a file
 * watcher. Decoded callers and runtime findings only ever resolve to files in this index, so a
 * message from the webview cannot open an arbitrary path.
 */
import * as vscode from 'vscode';
import { SuffixIndex } from './sourcePaths';

const SOURCES = '**/*.{c,cc,cpp,cxx,h,hh,hpp,hxx,inl,ipp,tcc}';
const EXCLUDE = '{**/build/**,**/managed_components/**,**/node_modules/**,**/.git/**}';

export class WorkspaceSources implements vscode.Disposable {
  private index: Promise<SuffixIndex> | null = null;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(SOURCES, false, true, false);

  constructor() {
    const invalidate = () => (this.index = null);
    this.watcher.onDidCreate(invalidate);
    this.watcher.onDidDelete(invalidate);
  }

  /** The workspace file a decoded path stands for, or null. */
  async resolve(decodedPath: string): Promise<vscode.Uri | null> {
    const index = (this.index ??= Promise.resolve(
      vscode.workspace.findFiles(SOURCES, EXCLUDE, 50_000),
    ).then((uris) => new SuffixIndex(uris.map((u) => u.fsPath))));
    const match = (await index).match(decodedPath);
    return match ? vscode.Uri.file(match) : null;
  }

  async open(decodedPath: string, line: number): Promise<void> {
    const uri = await this.resolve(decodedPath);
    if (!uri) {
      void vscode.window.showInformationMessage(
        `PSRAM Lens: ${decodedPath} is not a file of this workspace.`,
      );
      return;
    }
    const at = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at) });
  }

  dispose(): void {
    this.watcher.dispose();
  }
}
