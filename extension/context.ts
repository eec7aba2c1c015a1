/**
 * The one object that owns everything long-lived in the extension host: the language client, the
 * typed configuration, the output channel, the status bar item and every feature (as in clangd and
 * rust-analyzer: the context constructs each feature and the command table reaches them here).
 * Two cleanup scopes: the extension's (until deactivation) and the server run's (until the client
 * stops or restarts); a feature's server-side hooks (`onClient`) are set up again on every run.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../server/config/section';
import { type ProjectStatus, type ServerStatus, statusNotification } from '../server/protocol/lsp';
import { createClient } from './client';
import { registerCommands } from './commands';
import type { CommandContext } from './commands/commandRow';
import { Config } from './config';
import { MonitorController } from './monitor/monitorController';
import { HeapPanel } from './panel/heapPanel';
import { RuntimeFindings } from './runtimeFindings';
import { describeStatus } from './status';
import { UserError } from './userError';
import type { ClientSetup } from './featureContext';
import { WorkspaceSources } from './workspaceSources';
import { MigrationOutcomes } from './commands/migrationOutcome';
import { onNotification } from '../server/protocol/rpc';

export class Context implements CommandContext, vscode.Disposable {
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
  private readonly clientSetups: ClientSetup[] = [];
  /** Workspace C/C++ files by path suffix: decoded device paths resolve to them. */
  readonly sources: WorkspaceSources;
  readonly panel: HeapPanel;
  readonly monitor: MonitorController;
  readonly findings: RuntimeFindings;
  readonly migrations: MigrationOutcomes;

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
    this.sources = new WorkspaceSources();
    this.panel = new HeapPanel(this);
    this.monitor = new MonitorController(this, () => this.panel.show());
    this.findings = new RuntimeFindings(this);
    this.migrations = new MigrationOutcomes(() =>
      basename(
        vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('header.path') ?? '',
      ),
    );
    this.own(
      this.migrations,
      this.output,
      this.statusItem,
      this.sources,
      this.panel,
      this.monitor,
      this.findings,
      ...registerCommands(this),
    );
    this.showStatus();
  }

  /** Ties disposables to the extension's lifetime. */
  own(...disposables: vscode.Disposable[]): void {
    this.extensionScope.push(...disposables);
  }

  /** Runs `setup` on the running client now (if any) and on every client started later. */
  onClient(setup: ClientSetup): void {
    this.clientSetups.push(setup);
    if (this.client) this.serverScope.push(...setup(this.client));
  }

  /** The language client, running or still starting (its requests wait for the start). */
  currentClient(): LanguageClient | undefined {
    return this.client;
  }

  /** The running language client, or undefined (data for a stopped server is dropped). */
  runningClient(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  /** The ESP-IDF projects the server last reported (it discovers them; the extension does not). */
  knownProjects(): ProjectStatus[] {
    return this.serverStatus?.projects ?? [];
  }

  /** The running language client, once a start in progress is done; a clear error otherwise. */
  async languageClient(): Promise<LanguageClient> {
    await this.starting?.catch(() => undefined);
    return this.requireClient();
  }

  /**
   * The ESP-IDF projects the server discovered, waiting for its first `psramLens/status` after a
   * start (it comes after discovery).
   */
  async projects(): Promise<ProjectStatus[]> {
    await this.languageClient();
    if (this.serverStatus) return this.serverStatus.projects;
    return new Promise((resolve) => this.statusWaiters.push(resolve));
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

  /**
   * Starts the language server on the next turn of the event loop: activation neither waits for
   * the handshake nor pays for creating the client (extension.ts).
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
    const { client, watcher } = await createClient(
      this.extension.extensionUri,
      this.output,
      this.findings.middleware,
    );
    if (run !== this.runs) {
      watcher.dispose(); // stopped while the client library loaded
      return;
    }
    this.client = client;
    this.serverScope.push(
      watcher,
      onNotification(client, statusNotification, (s) => {
        this.serverStatus = s;
        for (const resolve of this.statusWaiters.splice(0)) resolve(s.projects);
        this.showStatus();
      }),
      client.onDidChangeState(() => this.showStatus()),
      ...this.clientSetups.flatMap((setup) => setup(client)),
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
