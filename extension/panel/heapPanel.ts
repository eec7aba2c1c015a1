/**
 * The heap panel: a WebviewView in the panel area, and a relay. The language server's heap
 * session owns the data; this forwards its messages (reset, batch, status) to the page and the
 * page's validated messages to it. The view is rebuilt when shown again (no
 * retainContextWhenHidden): the page says `ready` and gets the server's `hydrate`; while the view
 * is hidden the server sends nothing.
 */
import * as vscode from 'vscode';
import {
  type PanelState,
  ackNotification,
  clearSessionNotification,
  hostMessageNotification,
  hydrateRequest,
  panelStateRequest,
  simulateRequest,
  viewHiddenNotification,
} from '../../server/protocol/heapSession';
import {
  parseWebviewMessage,
  type HostMessage,
  type PanelCommand,
  type PanelTab,
  type SimSlot,
} from '../../server/protocol/webview';
import type { FeatureContext } from '../featureContext';
import { makeNonce, panelHtml } from './html';
import { onNotification, sendNotification, sendRequest } from '../../server/protocol/rpc';

export const HEAP_VIEW_ID = 'psramLens.heapPanel';

/** The toolbar's buttons run the same commands as the palette (the panel does not drive the monitor). */
const COMMAND_OF: Record<PanelCommand, string> = {
  startMonitor: 'psramLens.startMonitor',
  stopMonitor: 'psramLens.stopMonitor',
  followLogFile: 'psramLens.followLogFile',
  openLogFile: 'psramLens.openLogFile',
  clear: 'psramLens.clearHeapPanel',
};

export class HeapPanel implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages for a page being rebuilt (a reveal, a tab): sent after its hydrate. */
  private pending: HostMessage[] = [];
  /** The simulator run in progress per slot: a new run cancels the previous one. */
  private readonly runs = new Map<SimSlot, vscode.CancellationTokenSource>();

  constructor(private readonly ctx: FeatureContext) {
    this.disposables.push(vscode.window.registerWebviewViewProvider(HEAP_VIEW_ID, this));
    ctx.onClient((client) => [
      onNotification(client, hostMessageNotification, (m) => this.post(m)),
      // A restarted server starts with an empty session: a visible page takes its hydrate.
      client.onDidChangeState(() => {
        if (client.isRunning() && this.view?.visible) {
          this.hydrate().catch((err: unknown) => this.warn(err));
        }
      }),
    ]);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webview = view.webview;
    const extensionUri = this.ctx.extension.extensionUri;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'media'),
        vscode.Uri.joinPath(extensionUri, 'dist'),
      ],
    };
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Hidden: the server stops batching. Shown again: a rebuilt page asks with `ready`, a kept
      // one (a layout change) is re-synced by this hydrate; either way nothing is missed.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.hidden();
        else this.hydrate().catch((e: unknown) => this.warn(e));
      }),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = null;
        this.hidden();
      }),
    );
  }

  /** Sends a message to the page (a page being rebuilt misses it, and is hydrated when ready). */
  post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  /** Shows the panel and selects a row (runtime-finding links). */
  async reveal(rowId: unknown): Promise<void> {
    await this.showWith({ type: 'revealRow', id: typeof rowId === 'number' ? rowId : -1 });
  }

  /** Shows the panel on one of its tabs (Show Sites). */
  async showTab(tab: PanelTab): Promise<void> {
    await this.showWith({ type: 'showTab', tab });
  }

  /**
   * Brings the Heap view to the front of its area without taking the focus (a monitor starting,
   * a log opened): the data goes where the user can see it. A view never opened yet is focused.
   */
  async show(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${HEAP_VIEW_ID}.focus`);
  }

  private async showWith(message: HostMessage): Promise<void> {
    // A hidden view's page is rebuilt on focus and asks for `ready`; a visible one can take it now.
    const wasVisible = this.view?.visible === true;
    this.pending = wasVisible ? [] : [message];
    await vscode.commands.executeCommand(`${HEAP_VIEW_ID}.focus`);
    if (wasVisible) this.post(message);
  }

  /** An empty session (the server clears the runtime findings with it). */
  clear(): void {
    void sendNotification(this.ctx.requireClient(), clearSessionNotification, undefined);
  }

  /** The server's session and what the webview acknowledged (the extension's API, for tests). */
  state(): Promise<PanelState> {
    return sendRequest(this.ctx.requireClient(), panelStateRequest, undefined);
  }

  dispose(): void {
    for (const run of this.runs.values()) run.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private warn(e: unknown): void {
    this.ctx.output.warn(`heap panel: ${e instanceof Error ? e.message : String(e)}`);
  }

  private hidden(): void {
    const client = this.ctx.runningClient();
    if (client) sendNotification(client, viewHiddenNotification, undefined);
  }

  private async hydrate(): Promise<void> {
    // A client still starting answers once it runs; none at all: the page stays empty.
    const client = this.ctx.currentClient();
    if (!client) return;
    this.post(await sendRequest(client, hydrateRequest, undefined));
    for (const m of this.pending.splice(0)) this.post(m);
  }

  /**
   * Runs a scenario into a comparison slot (the page asks; the benchmark calls it directly).
   * Resolves to what the page was told (the run, or its one-line error); null when cancelled.
   */
  async simulate(slot: SimSlot, text: string, origin?: string): Promise<HostMessage | null> {
    this.runs.get(slot)?.cancel();
    const cancel = new vscode.CancellationTokenSource();
    this.runs.set(slot, cancel);
    let told: HostMessage | null = null;
    try {
      const client = this.ctx.requireClient();
      const run = await sendRequest(client, simulateRequest, { slot, text, origin }, cancel.token);
      told = { type: 'simResult', slot, run };
    } catch (e) {
      if (!cancel.token.isCancellationRequested) {
        told = { type: 'simError', slot, message: (e as Error).message };
      }
    } finally {
      if (this.runs.get(slot) === cancel) this.runs.delete(slot);
      cancel.dispose();
    }
    if (told) this.post(told);
    return told;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.ctx.output.warn(parsed.error);
      return;
    }
    const msg = parsed.message;
    const client = this.ctx.runningClient();
    switch (msg.type) {
      case 'ready':
        this.hydrate().catch((e: unknown) => this.warn(e));
        return;
      case 'ack':
        if (client) sendNotification(client, ackNotification, { seq: msg.seq, rows: msg.rows });
        return;
      case 'openSource':
        void this.ctx.sources.open(msg.file, msg.line);
        return;
      case 'runScenario':
        void this.simulate(msg.slot, msg.text, msg.origin);
        return;
      case 'command':
        void vscode.commands.executeCommand(COMMAND_OF[msg.command]);
        return;
      default: {
        const unknown: never = msg;
        this.ctx.output.warn(`unhandled webview message ${JSON.stringify(unknown)}`);
      }
    }
  }
}
