/**
 * The heap panel: a WebviewView in the panel area. It is rebuilt when shown again (no
 * retainContextWhenHidden): the page says `ready` and gets a `hydrate` from the PanelStore. Live
 * changes go out as batches, only while the view is visible. Every incoming message is validated.
 */
import * as vscode from 'vscode';
import {
  parseWebviewMessage,
  type HostMessage,
  type PanelCommand,
  type SimSlot,
} from '../../server/protocol/webview';
import { BatchScheduler } from './batchScheduler';
import { makeNonce, panelHtml } from './html';
import type { PanelStore } from './panelStore';

export const HEAP_VIEW_ID = 'psramLens.heapPanel';

export interface PanelHandlers {
  command(command: PanelCommand): void;
  runScenario(slot: SimSlot, text: string): void;
  openSource(file: string, line: number): void;
  /** Problems worth a line in the output channel (invalid messages). */
  log(message: string): void;
}

export class HeapPanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scheduler: BatchScheduler;
  private pendingReveal: number | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: PanelStore,
    private readonly handlers: PanelHandlers,
  ) {
    this.scheduler = new BatchScheduler(() => this.flush());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'media'),
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
      ],
    };
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = null;
      }),
    );
  }

  /** The live model changed: a batch goes out soon (coalesced). */
  changed(): void {
    if (this.view?.visible) this.scheduler.request();
  }

  /** Sends a message now if the view is visible; a hidden view is re-hydrated when shown. */
  post(message: HostMessage): void {
    if (this.view?.visible) void this.view.webview.postMessage(message);
  }

  /** Shows the panel and selects a row (runtime-finding links). */
  async reveal(rowId: number): Promise<void> {
    // A hidden view's page is rebuilt on focus and asks for `ready`; a visible one can take it now.
    const wasVisible = this.view?.visible === true;
    this.pendingReveal = wasVisible ? null : rowId;
    await vscode.commands.executeCommand(`${HEAP_VIEW_ID}.focus`);
    if (wasVisible) this.post({ type: 'revealRow', id: rowId });
  }

  dispose(): void {
    this.scheduler.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private flush(): void {
    if (!this.view?.visible) return;
    const batch = this.store.takeBatch();
    if (batch) this.post(batch);
    // A held-back snapshot still has to go out.
    if (this.store.hasChanges) this.scheduler.request();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.handlers.log(parsed.error);
      return;
    }
    const msg = parsed.message;
    switch (msg.type) {
      case 'ready':
        this.scheduler.cancel();
        this.post(this.store.hydrate());
        if (this.pendingReveal !== null) this.post({ type: 'revealRow', id: this.pendingReveal });
        this.pendingReveal = null;
        return;
      case 'ack':
        this.store.ack(msg.seq, msg.rows);
        return;
      case 'openSource':
        this.handlers.openSource(msg.file, msg.line);
        return;
      case 'runScenario':
        this.handlers.runScenario(msg.slot, msg.text);
        return;
      case 'command':
        this.handlers.command(msg.command);
        return;
      default: {
        const unknown: never = msg;
        this.handlers.log(`unhandled webview message ${JSON.stringify(unknown)}`);
      }
    }
  }
}
