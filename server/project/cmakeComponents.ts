/**
 * What an ESP-IDF component's CMakeLists.txt registers: `idf_component_register(SRCS ...
 * SRC_DIRS ... EXCLUDE_SRCS ... INCLUDE_DIRS ... PRIV_INCLUDE_DIRS ...)`. SRC_DIRS takes the
 * .c/.cpp/.cc/.S files directly in each directory (not below it), minus EXCLUDE_SRCS
 * (ESP-IDF docs, "Build System: Component Requirements / Renaming main"; tools/cmake/component.cmake).
 * Arguments that use CMake variables (`${srcs}`) cannot be read without running CMake: such a
 * component is reported as `unresolved`, and its files fall back to the source heuristics.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface RegisteredComponent {
  dir: string;
  /** Absolute paths of the sources the component compiles. */
  sources: string[];
  /** Absolute INCLUDE_DIRS and PRIV_INCLUDE_DIRS. */
  includeDirs: string[];
  /** True when a source list names a CMake variable or a generator expression. */
  unresolved: boolean;
}

const KEYWORDS = new Set([
  'SRCS',
  'SRC_DIRS',
  'EXCLUDE_SRCS',
  'INCLUDE_DIRS',
  'PRIV_INCLUDE_DIRS',
  'REQUIRES',
  'PRIV_REQUIRES',
  'LDFRAGMENTS',
  'REQUIRED_IDF_TARGETS',
  'EMBED_FILES',
  'EMBED_TXTFILES',
  'KCONFIG',
  'KCONFIG_PROJBUILD',
  'WHOLE_ARCHIVE',
]);
const SOURCE_EXT = /\.(?:c|cc|cpp|cxx|c\+\+|S)$/;

/** Keyword → values of the first `idf_component_register(...)` call, or null when there is none. */
export function registerArguments(text: string): Map<string, string[]> | null {
  const code = text.replace(/#[^\n]*/g, '');
  const start = code.search(/\bidf_component_register\s*\(/);
  if (start < 0) return null;
  let depth = 0;
  let end = code.length;
  for (let i = code.indexOf('(', start); i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) {
      end = i;
      break;
    }
  }
  const body = code.slice(code.indexOf('(', start) + 1, end);
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const m of body.matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const word = m[1] ?? m[2];
    if (m[1] === undefined && KEYWORDS.has(word)) {
      current = out.get(word) ?? [];
      out.set(word, current);
    } else current?.push(...word.split(/\s+/).filter(Boolean));
  }
  return out;
}

/** The component registered by `<dir>/CMakeLists.txt`, or null when it registers none. */
export async function readComponent(dir: string): Promise<RegisteredComponent | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'CMakeLists.txt'), 'utf8');
  } catch {
    return null;
  }
  const args = registerArguments(text);
  if (!args) return null;
  const list = (k: string): string[] => args.get(k) ?? [];
  const variable = (v: string): boolean => /\$[{<]/.test(v);
  const unresolved = [...list('SRCS'), ...list('SRC_DIRS'), ...list('EXCLUDE_SRCS')].some(variable);
  const excluded = new Set(list('EXCLUDE_SRCS').map((f) => resolve(dir, f)));
  const sources = list('SRCS').map((f) => resolve(dir, f));
  for (const srcDir of list('SRC_DIRS')) {
    if (variable(srcDir)) continue;
    try {
      for (const e of await readdir(resolve(dir, srcDir), { withFileTypes: true })) {
        if (e.isFile() && SOURCE_EXT.test(e.name)) sources.push(resolve(dir, srcDir, e.name));
      }
    } catch {
      // A missing source directory fails the real build; here it just adds nothing.
    }
  }
  return {
    dir,
    sources: sources.filter((s) => !excluded.has(s)),
    includeDirs: [...list('INCLUDE_DIRS'), ...list('PRIV_INCLUDE_DIRS')]
      .filter((d) => !variable(d))
      .map((d) => resolve(dir, d)),
    unresolved,
  };
}

/**
 * The project's components: `main/`, every folder under `components/`, and folders named in
 * `EXTRA_COMPONENT_DIRS` when the top-level CMakeLists.txt spells them as plain paths.
 */
export async function projectComponents(root: string): Promise<RegisteredComponent[]> {
  const dirs = [join(root, 'main')];
  const listed = async (parent: string): Promise<string[]> => {
    try {
      return (await readdir(parent, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => join(parent, e.name));
    } catch {
      return [];
    }
  };
  dirs.push(...(await listed(join(root, 'components'))));
  try {
    const top = (await readFile(join(root, 'CMakeLists.txt'), 'utf8')).replace(/#[^\n]*/g, '');
    const extra = /set\s*\(\s*EXTRA_COMPONENT_DIRS\s+([^)]*)\)/.exec(top);
    for (const d of extra ? [...extra[1].matchAll(/"([^"]*)"|(\S+)/g)] : []) {
      const path = (d[1] ?? d[2]).replace(/^\$\{CMAKE_CURRENT_(?:SOURCE|LIST)_DIR\}\/?/, '');
      if (/\$[{<]/.test(path)) continue;
      const abs = resolve(root, path);
      const own = await readComponent(abs);
      if (own) dirs.push(abs);
      else dirs.push(...(await listed(abs)));
    }
  } catch {
    // No top-level CMakeLists.txt: only main/ and components/.
  }
  const found = await Promise.all([...new Set(dirs)].map(readComponent));
  return found.filter((c): c is RegisteredComponent => c !== null);
}
