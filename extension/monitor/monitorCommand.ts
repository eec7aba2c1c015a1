/**
 * Which process "Start Monitor" runs, decided without VS Code: from the machine-scoped
 * `psramLens.monitor.command` setting, the Espressif extension's `idf.espIdfPath` /
 * `idf.pythonBinPath`, the IDF_PATH environment variable, or `idf.py` on PATH, in that order.
 * Returns a clear sentence instead of a command when nothing can be found.
 *
 * A workspace must not choose what runs: settings that name a program are taken from user or
 * machine values only (`programSetting`), and the port, which a workspace may set, is validated
 * and substituted into argv words after the command line is split, never into the line itself.
 */
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';

export interface MonitorCommandInputs {
  /** `psramLens.monitor.command` (machine scope): `idf.py` (default) or a command line. */
  command: string;
  /** `psramLens.monitor.port`, else the Espressif extension's `idf.port`; empty: let idf.py pick. */
  port: string;
  /** Espressif extension settings, when present. */
  idfEspIdfPath?: string;
  idfPythonBinPath?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export interface MonitorCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** The command line as shown to the user. */
  display: string;
}

export type ResolvedCommand =
  { ok: true; command: MonitorCommand } | { ok: false; message: string };

/** Splits a command line on blanks, honouring "double" and 'single' quotes (no other shell syntax). */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The layers of a setting as `WorkspaceConfiguration.inspect()` returns them. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * A setting that names a program (idf.pythonBinPath, idf.espIdfPath): the user's (or machine's)
 * value, else the default; a value from the workspace or a folder is ignored and reported, since
 * opening a repository must not choose what Start Monitor runs.
 */
export function programSetting(
  name: string,
  inspected: InspectedSetting<string> | undefined,
): { value: string | undefined; ignored: string | null } {
  const value = inspected?.globalValue || inspected?.defaultValue || undefined;
  const fromWorkspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  const ignored =
    fromWorkspace !== undefined && fromWorkspace !== value
      ? `${name} from the workspace settings is ignored: only user settings may name a program.`
      : null;
  return { value, ignored };
}

/**
 * A serial port as idf.py / esp-idf-monitor take it: a device path (/dev/ttyUSB0,
 * /dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0, COM3, \\.\COM12) or an
 * rfc2217:// or socket:// URL to host:port. Nothing a shell would read as syntax gets through.
 */
export function isValidPort(port: string): boolean {
  return (
    /^\/dev\/[\w.:+-]+(\/[\w.:+-]+)*$/.test(port) ||
    /^(\\\\\.\\)?COM\d{1,3}$/i.test(port) ||
    /^(rfc2217|socket):\/\/([\w.-]+|\[[\da-f:.]+\]):\d{1,5}\/?$/i.test(port)
  );
}

function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    accessSync(path, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First match of `name` on PATH (with PATHEXT extensions on Windows), or null. */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | null {
  if (isAbsolute(name)) return isExecutable(name, platform) ? name : null;
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return null;
}

function monitorArgs(port: string): string[] {
  return port ? ['-p', port, 'monitor'] : ['monitor'];
}

function display(file: string, args: string[]): string {
  return [file, ...args].map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
}

function idfPyWith(python: string, idfPath: string, i: MonitorCommandInputs): MonitorCommand {
  const args = [join(idfPath, 'tools', 'idf.py'), ...monitorArgs(i.port)];
  return {
    file: python,
    args,
    env: { ...i.env, IDF_PATH: idfPath },
    display: display(python, args),
  };
}

export function resolveMonitorCommand(i: MonitorCommandInputs): ResolvedCommand {
  if (i.port && !isValidPort(i.port)) {
    return {
      ok: false,
      message: `The serial port ${JSON.stringify(i.port)} is not a device path (/dev/ttyUSB0, COM3) or an rfc2217:// or socket:// URL.`,
    };
  }
  // Split first, then substitute: a port can never add, split or quote words.
  const words = splitCommandLine(i.command).map((w) => w.replaceAll('${port}', i.port));
  if (words.length === 0) return { ok: false, message: 'psramLens.monitor.command is empty.' };
  const custom = i.command.trim() !== 'idf.py';
  if (custom) {
    const [file, ...rest] = words;
    const found = findOnPath(file, i.env, i.platform);
    if (!found) {
      return {
        ok: false,
        message: `The monitor command "${file}" (psramLens.monitor.command) was not found.`,
      };
    }
    // A bare idf.py path gets the monitor arguments; any other command line is used as written.
    const args =
      basename(file) === 'idf.py' && !i.command.includes('${port}') && rest.length === 0
        ? monitorArgs(i.port)
        : rest;
    return { ok: true, command: { file: found, args, env: i.env, display: display(file, args) } };
  }
  const python = i.idfPythonBinPath || (i.platform === 'win32' ? 'python' : 'python3');
  if (i.idfEspIdfPath) return { ok: true, command: idfPyWith(python, i.idfEspIdfPath, i) };
  const onPath = findOnPath('idf.py', i.env, i.platform);
  if (onPath) {
    const args = monitorArgs(i.port);
    return {
      ok: true,
      command: { file: onPath, args, env: i.env, display: display('idf.py', args) },
    };
  }
  if (i.env.IDF_PATH) return { ok: true, command: idfPyWith(python, i.env.IDF_PATH, i) };
  return {
    ok: false,
    message:
      'idf.py was not found: set idf.espIdfPath (ESP-IDF extension) or psramLens.monitor.command, ' +
      'or start VS Code from a shell where ESP-IDF export.sh has been run.',
  };
}
