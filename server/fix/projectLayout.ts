/**
 * How an ESP-IDF project's build finds headers: each component's CMakeLists.txt
 * (`idf_component_register(... INCLUDE_DIRS ... REQUIRES ...)`). A component sees its own
 * include dirs, the public ones of the components it requires and, transitively, of what those
 * require publicly; `main` without requirements sees every component's
 * (docs/reference/build-system.md G2, G3). Quoted includes are also looked up next to the including
 * file. This decides how a rewritten file spells the include of the PSRAM header.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { registerArguments } from '../project/cmakeComponents';
import { isInside } from '../project/paths';

export interface Component {
  dir: string;
  name: string;
  /** INCLUDE_DIRS then PRIV_INCLUDE_DIRS (what the component's own sources see). */
  includeDirs: string[];
  /** INCLUDE_DIRS only: what components requiring this one see. */
  publicIncludeDirs: string[];
  /** REQUIRES then PRIV_REQUIRES. */
  requires: string[];
  publicRequires: string[];
  privRequires: string[];
  /** The CMakeLists.txt that registers it. */
  cmakePath: string;
}

/** The component a CMakeLists.txt registers, or null when it registers none. */
export function parseComponent(cmakePath: string, text: string): Component | null {
  const lists = registerArguments(text);
  if (!lists) return null;
  const dir = dirname(cmakePath);
  const paths = (key: string): string[] =>
    (lists.get(key) ?? []).filter((d) => !d.includes('$')).map((d) => join(dir, d));
  const publicIncludeDirs = paths('INCLUDE_DIRS');
  const publicRequires = lists.get('REQUIRES') ?? [];
  const privRequires = lists.get('PRIV_REQUIRES') ?? [];
  return {
    dir,
    name: basename(dir),
    includeDirs: [...publicIncludeDirs, ...paths('PRIV_INCLUDE_DIRS')],
    publicIncludeDirs,
    requires: [...publicRequires, ...privRequires],
    publicRequires,
    privRequires,
    cmakePath,
  };
}

export class ProjectLayout {
  constructor(readonly components: readonly Component[]) {}

  /**
   * The layout once every component that needs `c` requires it (the migration adds those
   * requirements): `c` is added if new, and each component's searched dirs include its public ones.
   */
  requiringEverywhere(c: Component): ProjectLayout {
    const others = this.components.filter((o) => o.dir !== c.dir);
    return new ProjectLayout([
      ...others.map((o) => ({ ...o, requires: [...o.requires, c.name] })),
      c,
    ]);
  }

  /** True when `main` sees every component: it lists neither REQUIRES nor PRIV_REQUIRES. */
  static seesEverything(c: Component): boolean {
    return c.name === 'main' && c.publicRequires.length === 0 && c.privRequires.length === 0;
  }

  /** The innermost component holding a file. */
  componentOf(file: string): Component | undefined {
    let best: Component | undefined;
    for (const c of this.components) {
      if (isInside(c.dir, file) && (!best || c.dir.length > best.dir.length)) best = c;
    }
    return best;
  }

  /** Include directories the compiler searches for a file's quoted includes, in order. */
  searchDirs(file: string): string[] {
    const own = this.componentOf(file);
    const dirs = [dirname(file)];
    if (!own) return dirs;
    dirs.push(...own.includeDirs);
    const seen = ProjectLayout.seesEverything(own) ? this.components : this.required(own);
    for (const c of seen) if (c !== own) dirs.push(...c.publicIncludeDirs);
    return dirs;
  }

  /** Components a component sees: what it requires, and transitively what those require publicly. */
  private required(c: Component): Component[] {
    const byName = new Map(this.components.map((o) => [o.name, o]));
    const seen = new Set<Component>();
    const stack = [...c.requires];
    while (stack.length) {
      const o = byName.get(stack.pop()!);
      if (!o || seen.has(o) || o === c) continue;
      seen.add(o);
      stack.push(...o.publicRequires);
    }
    return [...seen];
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
    // Include directories first: `"rtc/psram_shared.hpp"` as the library spells its own headers,
    // which keeps working once the headers are installed elsewhere.
    const [own, ...dirs] = this.searchDirs(file);
    for (const d of [...dirs, own]) {
      if (isInside(d, header)) return relative(d, header).split(sep).join('/');
    }
    return relative(dirname(file), header).split(sep).join('/');
  }
}
