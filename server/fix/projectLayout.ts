/**
 * How an ESP-IDF project's build finds headers: each component's CMakeLists.txt
 * (`idf_component_register(... INCLUDE_DIRS ... REQUIRES ...)`). A component sees its own
 * include dirs and those of the components it requires; `main` sees every component's. Quoted
 * includes are also looked up next to the including file. This decides how a rewritten file
 * spells the include of the PSRAM header so that the build finds it.
 */
import { basename, dirname, join, relative, sep } from 'node:path';

export interface Component {
  dir: string;
  name: string;
  includeDirs: string[];
  requires: string[];
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

/** The component a CMakeLists.txt registers, or null when it registers none. */
export function parseComponent(cmakePath: string, text: string): Component | null {
  const start = text.search(/\bidf_component_register\s*\(/);
  if (start < 0) return null;
  const body = text.slice(text.indexOf('(', start) + 1, closingParen(text, start));
  const args = [...body.replace(/#[^\n]*/g, '').matchAll(/"([^"]*)"|([^\s()"]+)/g)].map(
    (m) => m[1] ?? m[2],
  );
  const lists = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const a of args) {
    if (KEYWORDS.has(a)) {
      current = lists.get(a) ?? [];
      lists.set(a, current);
    } else current?.push(...a.split(/\s+/).filter(Boolean));
  }
  const dir = dirname(cmakePath);
  const dirs = [...(lists.get('INCLUDE_DIRS') ?? []), ...(lists.get('PRIV_INCLUDE_DIRS') ?? [])];
  return {
    dir,
    name: basename(dir),
    includeDirs: dirs.filter((d) => !d.includes('$')).map((d) => join(dir, d)),
    requires: [...(lists.get('REQUIRES') ?? []), ...(lists.get('PRIV_REQUIRES') ?? [])],
  };
}

function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = text.indexOf('(', from); i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

export class ProjectLayout {
  constructor(readonly components: readonly Component[]) {}

  /** The innermost component holding a file. */
  componentOf(file: string): Component | undefined {
    let best: Component | undefined;
    for (const c of this.components) {
      if (inside(c.dir, file) && (!best || c.dir.length > best.dir.length)) best = c;
    }
    return best;
  }

  /** Include directories the compiler searches for a file's quoted includes, in order. */
  searchDirs(file: string): string[] {
    const own = this.componentOf(file);
    const dirs = [dirname(file)];
    if (!own) return dirs;
    dirs.push(...own.includeDirs);
    const seen = own.name === 'main' ? this.components : this.required(own);
    for (const c of seen) if (c !== own) dirs.push(...c.includeDirs);
    return dirs;
  }

  private required(c: Component): Component[] {
    return this.components.filter((o) => c.requires.includes(o.name));
  }

  /** Resolves `#include "spelled"` from a file to an existing path, or null. */
  resolve(file: string, spelled: string, exists: (path: string) => boolean): string | null {
    for (const d of this.searchDirs(file)) {
      const p = join(d, spelled);
      if (exists(p)) return p;
    }
    return null;
  }

  /**
   * How a file includes `header`: relative to a directory the build searches, else a path relative
   * to the file itself (quoted includes always search the including file's directory first).
   */
  includeSpelling(file: string, header: string): string {
    for (const d of this.searchDirs(file)) {
      if (inside(d, header)) return relative(d, header).split(sep).join('/');
    }
    return relative(dirname(file), header).split(sep).join('/');
  }

  /** The include directory that holds a header (the root of its `#include` spelling). */
  includeRootOf(header: string): string | undefined {
    const c = this.componentOf(header);
    return c?.includeDirs.filter((d) => inside(d, header)).sort((a, b) => b.length - a.length)[0];
  }
}
