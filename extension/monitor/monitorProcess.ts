/**
 * Runs the monitor process behind a real pseudo-terminal, free of VS Code (tested with the fake
 * serial device). esp-idf-monitor puts its stdin in raw mode (termios) and refuses a pipe, and VS
 * Code gives extensions no pty API, so on Linux and macOS the command runs under util-linux/BSD
 * `script`, which allocates one; on Windows it is spawned directly (the console API needs no pty).
 *
 * The monitor's whole process tree lives in its own process group and never outlives the
 * extension host: stop() ends the group (SIGTERM, then SIGKILL), the host's exit kills it, and a
 * watchdog in the group kills it when the host dies without running any code (SIGKILL, crash).
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

/** How long a stopped monitor may take to exit on SIGTERM before its group gets SIGKILL. */
const KILL_AFTER_MS = 2000;

/**
 * A POSIX shell that starts a watchdog, then becomes `argv`. The watchdog (stdio closed, deaf to
 * the group's SIGTERM) polls once a second; when the extension host `hostPid` is gone, it ends
 * the process group; it leaves quietly once the monitor itself has exited.
 */
const WATCHDOG = [
  'host=$1; shift',
  // Forked twice, so that it is not a child of `script`, which waits for all of its children.
  '( (trap "" TERM; while kill -0 "$host" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done;' +
    ' if ! kill -0 "$host" 2>/dev/null; then kill -TERM 0; sleep 2; kill -KILL 0; fi)' +
    ' </dev/null >/dev/null 2>&1 & )',
  'exec "$@"',
].join('\n');

/** `argv` run under the watchdog that ties its process group to the life of process `hostPid`. */
export function tiedToHost(
  argv: { file: string; args: string[] },
  hostPid: number,
): { file: string; args: string[] } {
  return {
    file: '/bin/sh',
    args: ['-c', WATCHDOG, 'psram-lens-monitor', String(hostPid), argv.file, ...argv.args],
  };
}

export class MonitorProcess {
  private child: ChildProcess | null;
  private exited = false;
  /** Kills the group synchronously when the extension host exits with the monitor running. */
  private readonly onHostExit = (): void => this.signal('SIGKILL');

  constructor(cmd: MonitorCommand, opts: MonitorProcessOptions, handlers: MonitorProcessHandlers) {
    const platform = opts.platform ?? process.platform;
    const pty = ptyArgv(cmd, opts);
    const { file, args } = platform === 'win32' ? pty : tiedToHost(pty, process.pid);
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: { ...cmd.env, TERM: cmd.env.TERM ?? 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group: stop() ends the monitor and everything it started, nothing else.
      detached: platform !== 'win32',
    });
    this.child = child;
    process.once('exit', this.onHostExit);
    child.stdout?.on('data', (d: Buffer) => handlers.onData(d));
    child.stderr?.on('data', (d: Buffer) => handlers.onData(d));
    child.stdin?.on('error', () => undefined);
    const finish = (code: number | null, error?: Error) => {
      if (this.exited) return;
      this.exited = true;
      this.child = null;
      process.off('exit', this.onHostExit);
      handlers.onExit(code, error);
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  }

  /** The monitor's process id, which is also its process group id (POSIX). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Keystrokes from the terminal, unchanged (Ctrl+] = \x1d, Ctrl+T sequences, ...). */
  write(data: string): void {
    if (this.child?.stdin?.writable) this.child.stdin.write(data);
  }

  /** Ends the monitor and everything it started: SIGTERM to the group, SIGKILL if it lingers. */
  stop(): void {
    if (!this.child?.pid) return;
    this.signal('SIGTERM');
    setTimeout(() => {
      if (!this.exited) this.signal('SIGKILL');
    }, KILL_AFTER_MS).unref();
  }

  private signal(sig: NodeJS.Signals): void {
    const child = this.child;
    if (!child?.pid) return;
    try {
      if (process.platform === 'win32') child.kill(sig);
      else process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  }
}
