/**
 * The one object that owns everything long-lived in the extension host: the language client, the
 * typed configuration, the output channel and the status bar item. Two cleanup scopes: the
 * extension's (until deactivation) and the server run's (until the client stops or restarts).
 * Feature modules receive the context and hand their disposables to `own()`; the context imports
 * none of them (extension.ts activates them), so no feature can form an import cycle through it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../server/config/section';
import type { ProjectStatus, ServerStatus } from '../server/protocol/lsp';
import { clientLibrary } from './clientLibrary';
import { Config } from './config';
import { describeStatus } from './status';

/** A failure the user can act on: shown as is, without a stack trace. */
export class UserError extends Error {}

export class Context implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly config: Config;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly extensionScope: vscode.Disposable[] = [];
  private serverScope: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  /** The start in progress or done; commands wait for it instead of failing during startup. */
  private starting: Promise<void> | undefined;
  /** Bumped by every stop, so a start still waiting for its turn does not begin after it. */
  private runs = 0;
  private serverStatus: ServerStatus | undefined;
  private statusWaiters: ((projects: ProjectStatus[]) => void)[] = [];

  /** The context, owned by `extension`; the server is started separately with `start()`. */
  static create(extension: vscode.ExtensionContext): Context {
    const ctx = new Context(extension);
    extension.subscriptions.push(ctx);
    return ctx;
  }

  private constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('PSRAM Lens', { log: true });
    this.config = new Config(
      () => vscode.workspace.getConfiguration(SETTINGS_SECTION),
      (problem) => this.output.warn(problem),
    );
    this.statusItem = vscode.window.createStatusBarItem(
      'psramLens.status',
      vscode.StatusBarAlignment.Left,
    );
    this.statusItem.name = 'PSRAM Lens';
    this.statusItem.command = 'psramLens.showOutput';
    this.own(this.output, this.statusItem);
    this.showStatus();
  }

  /** Ties disposables to the extension's lifetime. */
  own(...disposables: vscode.Disposable[]): void {
    this.extensionScope.push(...disposables);
  }

  /** The running language client; a clear error when it is not running. */
  requireClient(): LanguageClient {
    if (!this.client?.isRunning()) {
      throw new UserError(
        'The PSRAM Lens language server is not running. Run "PSRAM Lens: Restart Language Server" or see Output › PSRAM Lens.',
      );
    }
    return this.client;
  }

  /** The running language client, once a start in progress is done; a clear error otherwise. */
  async languageClient(): Promise<LanguageClient> {
    await this.starting?.catch(() => undefined);
    return this.requireClient();
  }

  /**
   * The ESP-IDF projects the server discovered (projects are found once, by the server: its first
   * `psramLens/status` comes after discovery).
   */
  async projects(): Promise<ProjectStatus[]> {
    await this.languageClient();
    if (this.serverStatus) return this.serverStatus.projects;
    return new Promise((resolve) => this.statusWaiters.push(resolve));
  }

  /**
   * Starts the language server. The client library is loaded on the next turn of the event loop,
   * not inside `activate`: activation stays a few milliseconds.
   */
  start(): Promise<void> {
    const run = this.runs;
    this.starting ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.startClient(run),
    );
    return this.starting;
  }

  private async startClient(run: number): Promise<void> {
    if (run !== this.runs) return; // stopped before it began
    const { createClient, lsp } = clientLibrary();
    const { client, watcher } = createClient(this.extension.extensionUri, this.output);
    this.client = client;
    this.serverScope.push(
      watcher,
      client.onNotification(lsp.statusNotification, (s) => {
        this.serverStatus = s;
        for (const resolve of this.statusWaiters.splice(0)) resolve(s.projects);
        this.showStatus();
      }),
      client.onDidChangeState(() => this.showStatus()),
    );
    await client.start();
    this.showStatus();
  }

  async stop(): Promise<void> {
    this.runs++;
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.serverStatus = undefined;
    for (const resolve of this.statusWaiters.splice(0)) resolve([]);
    for (const d of this.serverScope.splice(0)) d.dispose();
    this.showStatus();
    if (client) await client.dispose();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.extensionScope.splice(0)) d.dispose();
  }

  private showStatus(): void {
    const view = describeStatus(this.client?.isRunning() ?? false, this.serverStatus);
    this.statusItem.text = view.text;
    this.statusItem.tooltip = view.tooltip;
    this.statusItem.backgroundColor = view.warning
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    this.statusItem.show();
  }
}
