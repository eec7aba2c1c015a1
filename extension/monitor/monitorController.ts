/**
 * The monitor commands' VS Code side: workspace trust, settings, the terminal, the file pickers.
 * Data flows through the session sink (LogPipeline → panel store → webview batches + findings).
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { MonitorStatus, SessionInfo } from '../../server/protocol/webview';
import { LogTail } from './logTail';
import { programSetting, resolveMonitorCommand, type MonitorCommand } from './monitorCommand';
import { MonitorTerminal } from './monitorTerminal';

/** What the controller drives: the feature that owns pipeline, panel and findings. */
export interface SessionSink {
  begin(source: SessionInfo['source'], label: string): void;
  push(chunk: Uint8Array): void;
  end(): void;
  status(status: MonitorStatus): void;
  cwd(): string;
}

export interface MonitorSettings {
  command: string;
  port: string;
}

/** `psramLens.startMonitor` accepts this in the extension's test mode only (E2E tests). */
export interface MonitorOverride {
  file: string;
  args: string[];
}

function isOverride(x: unknown): x is MonitorOverride {
  const o = x as MonitorOverride;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.file === 'string' &&
    Array.isArray(o.args) &&
    o.args.every((a) => typeof a === 'string')
  );
}

export class MonitorController implements vscode.Disposable {
  private terminal: vscode.Terminal | null = null;
  private pty: MonitorTerminal | null = null;
  private tail: LogTail | null = null;

  constructor(
    private readonly sink: SessionSink,
    private readonly settings: () => MonitorSettings,
    private readonly testMode: boolean,
    private readonly log: (message: string) => void,
  ) {}

  async start(override?: unknown): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'PSRAM Lens starts the serial monitor only in a trusted workspace (it runs a program).',
      );
      return;
    }
    if (override !== undefined && !(this.testMode && isOverride(override))) {
      // Only extension tests may choose the process; everyone else gets the configured command.
      this.log('psramLens.startMonitor: the command argument is honoured only in test mode');
    }
    const command = this.command(this.testMode && isOverride(override) ? override : undefined);
    if (!command) return;
    await this.stopAll();
    this.terminal?.dispose();
    this.sink.begin('monitor', command.display);
    const port = this.settings().port || this.espressifPort();
    const pty = new MonitorTerminal({
      command,
      cwd: this.sink.cwd(),
      port,
      onOutput: (chunk) => this.sink.push(chunk),
      onStatus: (s) => {
        if (s.state !== 'running') this.sink.end();
        this.sink.status(s);
        if (s.state === 'error') void vscode.window.showWarningMessage(`PSRAM Lens: ${s.message}`);
      },
    });
    this.pty = pty;
    this.terminal = vscode.window.createTerminal({ name: 'PSRAM Lens Monitor', pty });
    this.terminal.show(true);
  }

  async stop(): Promise<void> {
    await this.stopAll();
  }

  async follow(): Promise<void> {
    const file = await this.pick('Follow');
    if (!file) return;
    await this.stopAll();
    this.sink.begin('follow', file.fsPath);
    this.tail = await LogTail.start(file.fsPath, {
      fromStart: true,
      onData: (chunk) => this.sink.push(chunk),
      onRestart: () => this.sink.begin('follow', file.fsPath),
      onError: (message) => this.sink.status({ state: 'error', message }),
    });
    this.sink.status({ state: 'running', message: `Following ${file.fsPath}` });
  }

  async openFile(uri?: vscode.Uri): Promise<void> {
    const file = uri instanceof vscode.Uri ? uri : await this.pick('Open');
    if (!file) return;
    await this.stopAll();
    this.sink.begin('file', file.fsPath);
    this.sink.push(await readFile(file.fsPath));
    this.sink.end();
    this.sink.status({ state: 'idle', message: `Parsed ${file.fsPath}` });
  }

  dispose(): void {
    void this.stopAll();
    this.terminal?.dispose();
  }

  private async stopAll(): Promise<void> {
    this.pty?.stop();
    this.pty = null;
    if (this.tail) {
      await this.tail.stop();
      this.tail = null;
      this.sink.end();
      this.sink.status({ state: 'idle', message: 'Stopped following the log.' });
    }
  }

  private command(override: MonitorOverride | undefined): MonitorCommand | null {
    if (override) {
      return {
        ...override,
        env: process.env,
        display: [override.file, ...override.args].join(' '),
      };
    }
    const idf = vscode.workspace.getConfiguration('idf');
    const program = (key: string) => {
      const r = programSetting(`idf.${key}`, idf.inspect<string>(key));
      if (r.ignored) this.log(r.ignored);
      return r.value;
    };
    const s = this.settings();
    const resolved = resolveMonitorCommand({
      command: s.command,
      port: s.port || this.espressifPort(),
      idfEspIdfPath: program('espIdfPath'),
      idfPythonBinPath: program('pythonBinPath'),
      env: process.env,
      platform: process.platform,
    });
    if (!resolved.ok) {
      this.sink.status({ state: 'error', message: resolved.message });
      void vscode.window.showErrorMessage(`PSRAM Lens: ${resolved.message}`);
      return null;
    }
    return resolved.command;
  }

  /** The Espressif extension's port setting, when ours is empty. */
  private espressifPort(): string {
    return vscode.workspace.getConfiguration('idf').get<string>('port') ?? '';
  }

  private async pick(verb: string): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: verb,
      title: `${verb} a serial monitor log`,
      filters: { Logs: ['log', 'txt'], 'All files': ['*'] },
    });
    return picked?.[0];
  }
}
