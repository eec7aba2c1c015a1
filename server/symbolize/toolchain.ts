/**
 * Where the application ELF and the toolchain's addr2line are. `idf.py build` writes
 * `build/project_description.json` with `build_dir`, `app_elf` (relative to it), `target`,
 * `monitor_toolprefix` and `c_compiler` (an absolute path into the installed toolchain).
 * addr2line is looked for, in this order: an explicit path (CLI `--addr2line`, or the machine-scoped
 * `psramLens.addr2linePath` setting: a workspace cannot choose what runs), next to `c_compiler`,
 * in the ESP-IDF tools directory (`$IDF_TOOLS_PATH` or `~/.espressif/tools/<tool>/<version>/<tool>/bin`),
 * then on PATH, under the target's prefixes: `xtensa-esp-elf-` (IDF ≥ 5.2, one toolchain for every
 * Xtensa chip), `xtensa-<chip>-elf-` (earlier), `riscv32-esp-elf-`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isChip, type Chip } from '../target/chips';

export interface ProjectDescription {
  /** Absolute path of the application ELF. */
  elf: string | null;
  target: Chip | null;
  toolPrefix: string | null;
  cCompiler: string | null;
}

const RISCV: readonly Chip[] = ['esp32c3', 'esp32c6', 'esp32h2', 'esp32p4'];

/** Read `<project>/build/project_description.json` (or a given file); null when absent or unreadable. */
export function readProjectDescription(pathOrProject: string): ProjectDescription | null {
  const file = pathOrProject.endsWith('.json')
    ? pathOrProject
    : join(pathOrProject, 'build', 'project_description.json');
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof d !== 'object' || d === null) return null;
  const str = (k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const buildDir = str('build_dir') ?? dirname(file);
  const appElf = str('app_elf');
  const target = str('target');
  return {
    elf: appElf ? resolve(buildDir, appElf) : null,
    target: target && isChip(target) ? target : null,
    toolPrefix: str('monitor_toolprefix'),
    cCompiler: str('c_compiler'),
  };
}

/** Toolchain prefixes that can decode `target`'s addresses, most recent first. */
export function prefixesFor(target: Chip | null): string[] {
  if (target === null) {
    return ['xtensa-esp-elf-', 'xtensa-esp32-elf-', 'xtensa-esp32s3-elf-', 'riscv32-esp-elf-'];
  }
  if (RISCV.includes(target)) return ['riscv32-esp-elf-'];
  return ['xtensa-esp-elf-', `xtensa-${target}-elf-`];
}

export interface FindAddr2lineOptions {
  /** `--addr2line` or the machine-scoped setting. */
  explicit?: string | null;
  description?: ProjectDescription | null;
  target?: Chip | null;
  env?: NodeJS.ProcessEnv;
}

const EXE = process.platform === 'win32' ? '.exe' : '';

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `<tools>/<tool>/<version>/<tool>/bin/<prefix>addr2line`, newest version first. */
function fromToolsDir(toolsDir: string, prefix: string): string | null {
  const tool = prefix.slice(0, -1);
  const root = join(toolsDir, tool);
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return null;
  }
  versions.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
  for (const v of versions) {
    const p = join(root, v, tool, 'bin', `${prefix}addr2line${EXE}`);
    if (isFile(p)) return p;
  }
  return null;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name + EXE);
    if (isFile(p)) return p;
  }
  return null;
}

/** The addr2line to run, or null with the places tried (for the one message the user sees). */
export function findAddr2line(opts: FindAddr2lineOptions): { tool: string | null; tried: string } {
  const env = opts.env ?? process.env;
  if (opts.explicit) {
    const p = isAbsolute(opts.explicit) ? opts.explicit : onPath(opts.explicit, env);
    return { tool: p && isFile(p) ? p : null, tried: opts.explicit };
  }
  const d = opts.description ?? null;
  const target = opts.target ?? d?.target ?? null;
  const prefixes = [...new Set([...(d?.toolPrefix ? [d.toolPrefix] : []), ...prefixesFor(target)])];
  if (d?.cCompiler && d.toolPrefix) {
    const p = join(dirname(d.cCompiler), `${d.toolPrefix}addr2line${EXE}`);
    if (isFile(p)) return { tool: p, tried: p };
  }
  const toolsDir = env.IDF_TOOLS_PATH
    ? join(env.IDF_TOOLS_PATH, 'tools')
    : join(homedir(), '.espressif', 'tools');
  for (const prefix of prefixes) {
    const p = fromToolsDir(toolsDir, prefix) ?? onPath(`${prefix}addr2line`, env);
    if (p) return { tool: p, tried: p };
  }
  return {
    tool: null,
    tried: `${prefixes.map((x) => `${x}addr2line`).join(', ')} (${toolsDir}, PATH)`,
  };
}

/** The ELF of the project at (or above) `dir`: its project_description.json names it. */
export function findProjectElf(dir: string): ProjectDescription | null {
  let at = resolve(dir);
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(at, 'build', 'project_description.json'))) {
      return readProjectDescription(at);
    }
    const up = dirname(at);
    if (up === at || basename(at) === '') break;
    at = up;
  }
  return null;
}
