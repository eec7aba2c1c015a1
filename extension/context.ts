/**
 * The one object that owns everything long-lived in the extension host: the language client, the
 * typed configuration, the output channel, the status bar item and every feature (as in clangd and
 * rust-analyzer: the context constructs each feature and the command table reaches them here).
 * Two cleanup scopes: the extension's (until deactivation) and the server run's (until the client
 * stops or restarts); a feature's server-side hooks (`onClient`) are set up again on every run.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../server/config/settings';
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

export class Context implements CommandContext, vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly config: Config<vscode.Uri>;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly extensionScope: vscode.Disposable[] = [];
  private serverScope: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private serverStatus: ServerStatus | undefined;
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
      (scope) => vscode.workspace.getConfiguration(SETTINGS_SECTION, scope),
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
    this.migrations = new MigrationOutcomes();
    this.own(
      this.migrations,
      this.output,
      this.statusItem,
      this.sources,
      this.panel,
      this.monitor,
      this.findings,
      ...registerCommands(this),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Reading validates: a bad value is reported in the output channel once.
        if (Config.affects(e)) this.config.settings();
      }),
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

  /** The running language client; a clear error when it is not running. */
  requireClient(): LanguageClient {
    if (!this.client?.isRunning()) {
      throw new UserError(
        'The PSRAM Lens language server is not running. Run "PSRAM Lens: Restart Language Server" or see Output › PSRAM Lens.',
      );
    }
    return this.client;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const { client, watcher } = createClient(this.extension.extensionUri, this.output);
    this.client = client;
    this.serverScope.push(
      watcher,
      client.onNotification(statusNotification, (s) => {
        this.serverStatus = s;
        this.showStatus();
      }),
      client.onDidChangeState(() => this.showStatus()),
      ...this.clientSetups.flatMap((setup) => setup(client)),
    );
    await client.start();
    this.showStatus();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.serverStatus = undefined;
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
