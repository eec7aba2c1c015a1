/**
 * Which files the build compiles for the ESP target (docs/find.md, "How grading uses the build").
 * In order of trust:
 * 1. `build/compile_commands.json` (ESP-IDF's CMake writes it on every build; PlatformIO's
 *    `pio run -t compiledb` writes `compile_commands.json`): a source is device code when it is
 *    compiled there; a header when it lies below an include directory of those commands or the
 *    directory of a compiled source.
 * 2. Without a build: the components' CMakeLists.txt (cmakeComponents.ts), by the same rules.
 * 3. Neither: nothing is known, and only `#ifdef ESP_PLATFORM` branches decide (syntax.ts).
 * A project whose sdkconfig targets `linux` is host code throughout.
 */
import { readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { projectComponents } from './cmakeComponents';
import { isInside } from './paths';

export type FileScope = { kind: 'device' } | { kind: 'host'; reason: string } | { kind: 'unknown' };

export interface BuildScope {
  origin: 'compile_commands' | 'cmake' | 'host-target' | 'none';
  /** What the facts came from, relative to the project root (`build/compile_commands.json`). */
  from: string;
  /** Absolute paths of the compiled sources. */
  sources: string[];
  /** Absolute directories whose files the build may include (include dirs and source dirs). */
  includeDirs: string[];
  /** Component folders whose sources could not be read (CMake variables): their files are unknown. */
  unresolvedDirs: string[];
}

export const NO_BUILD: BuildScope = {
  origin: 'none',
  from: '',
  sources: [],
  includeDirs: [],
  unresolvedDirs: [],
};

const SOURCE = /\.(?:c|cc|cpp|cxx|c\+\+|S)$/i;
const COMPILE_DBS = ['build/compile_commands.json', 'compile_commands.json'];

interface CompileCommand {
  directory?: string;
  file?: string;
  arguments?: string[];
  command?: string;
}

/** The build facts of a project root (`targetName`: CONFIG_IDF_TARGET, when known). */
export async function loadBuildScope(root: string, targetName: string | null): Promise<BuildScope> {
  if (targetName === 'linux') return { ...NO_BUILD, origin: 'host-target', from: 'sdkconfig' };
  for (const db of COMPILE_DBS) {
    const scope = await fromCompileCommands(root, db);
    if (scope) return scope;
  }
  const components = await projectComponents(root);
  if (components.length === 0) return NO_BUILD;
  const sources = components.flatMap((c) => (c.unresolved ? [] : c.sources));
  return {
    origin: 'cmake',
    from: 'CMakeLists.txt',
    sources,
    includeDirs: [
      ...new Set([...components.flatMap((c) => c.includeDirs), ...sources.map(dirname)]),
    ],
    unresolvedDirs: components.filter((c) => c.unresolved).map((c) => c.dir),
  };
}

async function fromCompileCommands(root: string, db: string): Promise<BuildScope | null> {
  let entries: CompileCommand[];
  try {
    const parsed: unknown = JSON.parse(await readFile(join(root, db), 'utf8'));
    if (!Array.isArray(parsed)) return null;
    entries = parsed as CompileCommand[];
  } catch {
    return null;
  }
  // The build writes real paths; the walk may come through a symbolic link to the project.
  const real = await realpath(root).catch(() => root);
  const local = (p: string): string =>
    real !== root && p.startsWith(real + sep) ? join(root, p.slice(real.length + 1)) : p;
  const sources: string[] = [];
  const includeDirs = new Set<string>();
  for (const e of entries) {
    if (typeof e?.file !== 'string') continue;
    const cwd = typeof e.directory === 'string' ? e.directory : root;
    const file = local(resolve(cwd, e.file));
    sources.push(file);
    includeDirs.add(dirname(file));
    const args = Array.isArray(e.arguments) ? e.arguments : splitCommand(e.command ?? '');
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const flag = /^(-I|-iquote|-isystem|-idirafter)(.*)$/.exec(a);
      if (!flag) continue;
      const dir = flag[2] || args[++i];
      if (dir) includeDirs.add(local(resolve(cwd, dir)));
    }
  }
  // The build's generated config headers are not the project's code.
  includeDirs.delete(resolve(root, 'build', 'config'));
  return {
    origin: 'compile_commands',
    from: db,
    sources,
    includeDirs: [...includeDirs],
    unresolvedDirs: [],
  };
}

/** Splits a shell command line (double and single quotes, backslash escapes). */
function splitCommand(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+)/g)) {
    out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3].replace(/\\(.)/g, '$1'));
  }
  return out;
}

const sourceSets = new WeakMap<BuildScope, Set<string>>();

/** Whether the build compiles `file` for the ESP target, and if not, why (for the message). */
export function fileScope(scope: BuildScope | undefined, file: string): FileScope {
  if (!scope || scope.origin === 'none') return { kind: 'unknown' };
  if (scope.origin === 'host-target') {
    return { kind: 'host', reason: 'the project targets linux (CONFIG_IDF_TARGET)' };
  }
  // Arduino sketches are compiled by the Arduino builder, never listed by CMake.
  if (/\.ino$/i.test(file)) return { kind: 'device' };
  if (scope.unresolvedDirs.some((d) => isInside(d, file))) return { kind: 'unknown' };
  let sources = sourceSets.get(scope);
  if (!sources) {
    sources = new Set(scope.sources);
    sourceSets.set(scope, sources);
  }
  const path = resolve(file);
  if (sources.has(path)) return { kind: 'device' };
  if (SOURCE.test(path)) {
    return {
      kind: 'host',
      reason:
        scope.origin === 'compile_commands'
          ? `${scope.from} does not compile it`
          : `no component's SRCS/SRC_DIRS list it`,
    };
  }
  if (scope.includeDirs.some((d) => isInside(d, path))) return { kind: 'device' };
  return {
    kind: 'host',
    reason:
      scope.origin === 'compile_commands'
        ? `no include directory or compiled source folder of ${scope.from} contains it`
        : `no component's include directories or source folders contain it`,
  };
}
