/**
 * Runs the monitor process behind a real pseudo-terminal, free of VS Code (tested with the fake
 * serial device). esp-idf-monitor puts its stdin in raw mode (termios) and refuses a pipe, and VS
 * Code gives extensions no pty API, so on Linux and macOS the command runs under util-linux/BSD
 * `script`, which allocates one; on Windows it is spawned directly (the console API needs no pty).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { MonitorCommand } from './monitorCommand';
import { findOnPath } from './monitorCommand';

export interface MonitorProcessOptions {
  cwd: string;
  columns: number;
  rows: number;
  platform?: NodeJS.Platform;
}

export interface MonitorProcessHandlers {
  /** Raw bytes as the terminal would show them (the pty adds \r\n line ends). */
  onData(chunk: Buffer): void;
  /** Exit code (null when killed by a signal), or the spawn error. */
  onExit(code: number | null, error?: Error): void;
}

/** POSIX single-quoting, for the one command string `script -c` takes. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The argv that runs `cmd` under a pty of the given size (or directly where none is needed). */
export function ptyArgv(
  cmd: MonitorCommand,
  opts: MonitorProcessOptions,
): { file: string; args: string[] } {
  const platform = opts.platform ?? process.platform;
  const script = platform === 'win32' ? null : findOnPath('script', cmd.env, platform);
  if (!script) return { file: cmd.file, args: cmd.args };
  const line = [cmd.file, ...cmd.args].map(shellQuote).join(' ');
  const size = `stty cols ${opts.columns} rows ${opts.rows} 2>/dev/null; exec ${line}`;
  // util-linux: -q quiet, -f flush each write, -e return the child's exit code, -c command.
  if (platform === 'linux') return { file: script, args: ['-qfec', size, '/dev/null'] };
  // BSD/macOS script takes the command as argv after the typescript file.
  return { file: script, args: ['-q', '/dev/null', '/bin/sh', '-c', size] };
}

export class MonitorProcess {
  private child: ChildProcess | null;
  private exited = false;

  constructor(cmd: MonitorCommand, opts: MonitorProcessOptions, handlers: MonitorProcessHandlers) {
    const { file, args } = ptyArgv(cmd, opts);
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: { ...cmd.env, TERM: cmd.env.TERM ?? 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group: stop() ends the monitor and everything it started, nothing else.
      detached: (opts.platform ?? process.platform) !== 'win32',
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => handlers.onData(d));
    child.stderr?.on('data', (d: Buffer) => handlers.onData(d));
    child.stdin?.on('error', () => undefined);
    const finish = (code: number | null, error?: Error) => {
      if (this.exited) return;
      this.exited = true;
      this.child = null;
      handlers.onExit(code, error);
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Keystrokes from the terminal, unchanged (Ctrl+] = \x1d, Ctrl+T sequences, ...). */
  write(data: string): void {
    if (this.child?.stdin?.writable) this.child.stdin.write(data);
  }

  stop(): void {
    const child = this.child;
    if (!child?.pid) return;
    try {
      if (process.platform === 'win32') child.kill();
      else process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill();
    }
  }
}
