/**
 * The monitor's VS Code pseudoterminal: the user sees and types into it as usual (every keystroke,
 * Ctrl+] included, goes to the monitor unchanged), and every byte the monitor prints is also
 * handed to `onOutput` (the log parser). Only `vscode` TYPES are used here, so the real code path
 * runs under node:test with the fake serial device.
 */
import { EventEmitter } from 'node:events';
import type * as vscode from 'vscode';
import type { MonitorStatus } from '../../server/protocol/webview';
import { exitMessage, portProblem } from './exitReasons';
import type { MonitorCommand } from './monitorCommand';
import { MonitorProcess } from './monitorProcess';

export interface MonitorTerminalOptions {
  command: MonitorCommand;
  cwd: string;
  port: string;
  /** Every chunk of monitor output, as bytes, in order. */
  onOutput(chunk: Buffer): void;
  onStatus(status: MonitorStatus): void;
}

/** A vscode.Event over a Node emitter (the runtime EventEmitter of `vscode` is not needed). */
function event<T>(emitter: EventEmitter, name: string): vscode.Event<T> {
  return (listener, thisArgs, disposables) => {
    const bound = (x: T) => listener.call(thisArgs, x);
    emitter.on(name, bound);
    const d = { dispose: () => emitter.off(name, bound) };
    if (Array.isArray(disposables)) disposables.push(d);
    return d;
  };
}

export class MonitorTerminal implements vscode.Pseudoterminal {
  private readonly emitter = new EventEmitter();
  private process: MonitorProcess | null = null;
  private readonly decoder = new TextDecoder('utf-8');
  /** The last few KB of output, searched for a port error when the monitor exits. */
  private tail = '';
  readonly onDidWrite = event<string>(this.emitter, 'write');
  readonly onDidClose = event<number | void>(this.emitter, 'close');

  constructor(private readonly opts: MonitorTerminalOptions) {}

  open(dims: vscode.TerminalDimensions | undefined): void {
    const { command, cwd } = this.opts;
    this.write(`\x1b[2m--- PSRAM Lens: ${command.display}\x1b[0m\r\n`);
    this.opts.onStatus({ state: 'running', message: 'Monitor running.' });
    this.process = new MonitorProcess(
      command,
      { cwd, columns: dims?.columns ?? 120, rows: dims?.rows ?? 30 },
      {
        onData: (chunk) => this.onData(chunk),
        onExit: (code, error) => this.onExit(code, error),
      },
    );
  }

  handleInput(data: string): void {
    // After the monitor ended, a key closes the terminal (as VS Code's own tasks do).
    if (this.process && !this.process.running) this.emitter.emit('close');
    else this.process?.write(data);
  }

  close(): void {
    this.process?.stop();
  }

  /** Stops the monitor but keeps the terminal (and the panel's data) for reading. */
  stop(): void {
    this.process?.stop();
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  private onData(chunk: Buffer): void {
    const text = this.decoder.decode(chunk, { stream: true });
    this.tail = (this.tail + text).slice(-4096);
    // Without a pty (Windows) lines end in \n only; the terminal needs \r\n.
    this.write(process.platform === 'win32' ? text.replace(/(?<!\r)\n/g, '\r\n') : text);
    this.opts.onOutput(chunk);
  }

  private onExit(code: number | null, error?: Error): void {
    const problem = portProblem(this.tail, this.opts.port);
    const message = exitMessage(code, error, problem);
    this.write(`\r\n\x1b[2m--- PSRAM Lens: ${message} Press any key to close.\x1b[0m\r\n`);
    this.opts.onStatus({
      state: error || problem || (code ?? 0) !== 0 ? 'error' : 'exited',
      message,
    });
  }

  private write(text: string): void {
    this.emitter.emit('write', text);
  }
}
