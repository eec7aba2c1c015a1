/**
 * The monitor commands' VS Code side: workspace trust, settings, the terminal, the file pickers.
 * The data goes to the language server's heap session: the monitor's bytes through a
 * SessionStream; saved and followed logs are read by the server itself, given their path.
 */
import * as vscode from 'vscode';
import {
  followLogRequest,
  openLogRequest,
  stopFollowingRequest,
} from '../../server/protocol/heapSession';
import type { FeatureContext } from '../featureContext';
import { UserError } from '../userError';
import { programSetting, resolveMonitorCommand, type MonitorCommand } from './monitorCommand';
import { exitMessage } from './exitReasons';
import { MonitorTerminal } from './monitorTerminal';
import { SessionStream } from './sessionStream';
import { sendRequest } from '../../server/protocol/rpc';

/** True while a monitor or a followed log feeds the panel: the Heap view's title shows Stop, else Start. */
export const RUNNING_CONTEXT = 'psramLens.sessionRunning';

export class MonitorController implements vscode.Disposable {
  private terminal: vscode.Terminal | null = null;
  private pty: MonitorTerminal | null = null;
  private readonly stream: SessionStream;

  constructor(
    private readonly ctx: FeatureContext,
    /** Brings the Heap view forward (without the focus): where the session's rows appear. */
    private readonly showPanel: () => Promise<void>,
  ) {
    this.stream = new SessionStream((method, params) => {
      // Bytes of a session whose server is gone have nowhere to go: the panel restarts with it.
      void ctx.runningClient()?.sendNotification(method, params);
    });
  }

  async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'PSRAM Lens starts the serial monitor only in a trusted workspace (it runs a program).',
      );
      return;
    }
    const command = this.command();
    if (!command) return;
    // The session lives in the server: right after the window opens it may still be starting,
    // and a `begin` sent before it runs would be dropped (the rows then had no session).
    await this.ctx.languageClient();
    await this.stopAll();
    this.terminal?.dispose();
    this.stream.begin(command.display);
    const port = this.ctx.config.monitorPort || this.espressifPort();
    // A stopped or replaced monitor's last words (its exit) must not end or relabel whatever
    // session came after it (a new monitor, a saved log): Stop already said "stopped".
    const replaced = () => this.pty !== pty;
    const pty: MonitorTerminal = new MonitorTerminal({
      command,
      cwd: this.cwd(),
      port,
      onOutput: (chunk) => {
        if (!replaced()) this.stream.push(chunk);
      },
      onStatus: (s) => {
        if (replaced()) return;
        if (s.state !== 'running') this.stream.end();
        this.setRunning(s.state === 'running');
        this.stream.status(s);
        if (s.state === 'error') void vscode.window.showWarningMessage(`PSRAM Lens: ${s.message}`);
      },
    });
    this.pty = pty;
    // The terminal opens beside the editor, not in the panel area: there it would take the front
    // from the Heap view, whose rows are what the user started the monitor for.
    this.terminal = vscode.window.createTerminal({
      name: 'PSRAM Lens Monitor',
      pty,
      location: { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    });
    this.terminal.show(true);
    await this.showPanel();
  }

  async stop(): Promise<void> {
    const stopped = this.pty?.running === true;
    await this.stopAll();
    // Said now, not when the process is gone: the panel must not read "running" after Stop.
    if (stopped) {
      this.stream.end();
      this.stream.status({ state: 'exited', message: exitMessage(null, undefined, null) });
    }
  }

  async follow(): Promise<void> {
    const file = await this.pick('Follow');
    if (!file) return;
    await this.stopAll();
    await this.showPanel();
    await this.request(followLogRequest, file.fsPath);
    this.setRunning(true);
  }

  async openFile(uri?: unknown): Promise<void> {
    const file = uri instanceof vscode.Uri ? uri : await this.pick('Open');
    if (!file) return;
    await this.stopAll();
    await this.showPanel();
    await this.request(openLogRequest, file.fsPath);
  }

  dispose(): void {
    // The server may be stopping too: nothing left to stop there then.
    this.stopAll().catch(() => undefined);
    this.terminal?.dispose();
  }

  /** The server reads the file; its one-line failure (cannot read) is shown as is. */
  private async request(
    type: typeof followLogRequest | typeof openLogRequest,
    path: string,
  ): Promise<void> {
    const client = this.ctx.requireClient();
    try {
      await sendRequest(client, type, { path });
    } catch (e) {
      throw new UserError(`PSRAM Lens: ${(e as Error).message}`);
    }
  }

  private async stopAll(): Promise<void> {
    this.pty?.stop();
    this.pty = null;
    this.setRunning(false);
    const client = this.ctx.runningClient();
    if (client) await sendRequest(client, stopFollowingRequest, undefined);
  }

  private setRunning(running: boolean): void {
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, running);
  }

  /** The project's folder (as the server found it), else the first workspace folder. */
  private cwd(): string {
    return (
      this.ctx.knownProjects()[0]?.root ??
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ??
      process.cwd()
    );
  }

  private command(): MonitorCommand | null {
    const idf = vscode.workspace.getConfiguration('idf');
    // Settings that name a program: user or machine values only (a repository must not choose).
    const program = (key: string) => {
      const r = programSetting(`idf.${key}`, idf.inspect<string>(key));
      if (r.ignored) this.ctx.output.warn(r.ignored);
      return r.value;
    };
    const resolved = resolveMonitorCommand({
      command: this.ctx.config.monitorCommand,
      port: this.ctx.config.monitorPort || this.espressifPort(),
      idfEspIdfPath: program('espIdfPath'),
      idfPythonBinPath: program('pythonBinPath'),
      env: process.env,
      platform: process.platform,
    });
    if (!resolved.ok) {
      this.stream.status({ state: 'error', message: resolved.message });
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
