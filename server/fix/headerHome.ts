/**
 * Where the PSRAM header goes so that the build finds it (issue 12, fix 1; docs/fix.md, Where the
 * header goes):
 * - an existing generated header is adopted wherever it is;
 * - in an ESP-IDF project the factory is its own component, `components/psram_shared/` with an
 *   `include/` folder and a CMakeLists.txt registering it; the components that include it then
 *   require it (componentRequires.ts);
 * - in a plain CMake library it goes into the target's public include directory, under the prefix
 *   the library's own includes use (`"rtc/psram_shared.hpp"`), so installed headers keep working;
 * - an Arduino sketch: its folder;
 * - loose files: their common folder.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { HEADER_FILE_NAME, isGeneratedHeader } from './header';
import { quotedIncludes } from './includes';
import { type Component, ProjectLayout, parseComponent } from './projectLayout';

const HEADER_COMPONENT = 'psram_shared';

export interface HeaderHome {
  path: string;
  /** The component (ESP-IDF) or library (plain CMake) whose public include dir holds it. */
  component?: Component;
  /** Files created with the header (the header component's CMakeLists.txt). */
  created: { path: string; text: string }[];
}

interface Sources {
  root: string | null;
  sketch?: string;
  files: readonly string[];
  read(path: string): string | undefined;
}

/** The header component's CMakeLists.txt. */
export const HEADER_COMPONENT_CMAKE =
  '# The PSRAM-aware factory (psram_shared.hpp), added by psram-lens fix.\n' +
  '# Components whose files include it list it in REQUIRES or PRIV_REQUIRES.\n' +
  'idf_component_register(INCLUDE_DIRS "include")\n';

function isPlainDir(path: string): boolean {
  return !/[$<>]/.test(path);
}

function commonDir(files: readonly string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = dirname(files[0]);
  while (!files.every((f) => f.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`))) {
    dir = dirname(dir);
  }
  return dir;
}

/** `target_include_directories(t PUBLIC|INTERFACE dirs...)` of a plain CMake file, absolute. */
function publicIncludeDirs(cmakePath: string, text: string): string[] {
  const out: string[] = [];
  const clean = text.replace(/#[^\n]*/g, '');
  for (const m of clean.matchAll(/\btarget_include_directories\s*\(([^)]*)\)/g)) {
    const words = [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]);
    let on = false;
    for (const w of words.slice(1)) {
      if (w === 'PUBLIC' || w === 'INTERFACE') on = true;
      else if (w === 'PRIVATE') on = false;
      else if (on && w !== 'SYSTEM' && w !== 'BEFORE' && w !== 'AFTER') {
        const bare = w
          .replace(/^\$<BUILD_INTERFACE:(.*)>$/, '$1')
          .replace(/^\$\{CMAKE_CURRENT_SOURCE_DIR\}\/?/, '');
        if (isPlainDir(bare)) out.push(join(dirname(cmakePath), bare));
      }
    }
  }
  return out;
}

/** The prefix the library's own files use for its headers (`rtc` for `"rtc/peer.hpp"`), or ''. */
function ownPrefix(src: Sources, includeDir: string, files: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const f of files) {
    for (const inc of quotedIncludes(src.read(f) ?? '')) {
      if (src.read(join(includeDir, inc.spelled)) === undefined) continue;
      const prefix = dirname(inc.spelled) === '.' ? '' : dirname(inc.spelled);
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

/** The nearest plain CMake library above the targets with a public include directory. */
function plainLibrary(src: Sources, targets: readonly string[]): Component | undefined {
  const stop = dirname(src.root ?? '/');
  for (let dir = commonDir(targets); ; dir = dirname(dir)) {
    const cmakePath = join(dir, 'CMakeLists.txt');
    const text = src.read(cmakePath);
    const dirs = text ? publicIncludeDirs(cmakePath, text) : [];
    if (dirs.length) {
      return {
        dir,
        name: basename(dir),
        includeDirs: dirs,
        publicIncludeDirs: dirs,
        requires: [],
        publicRequires: [],
        privRequires: [],
        cmakePath,
      };
    }
    if (dirname(dir) === dir || dir === stop) return undefined;
  }
}

export function headerHome(
  src: Sources,
  layout: ProjectLayout,
  targets: readonly string[],
  chosen?: string,
): HeaderHome {
  const existing =
    chosen ??
    src.files.find((f) => basename(f) === HEADER_FILE_NAME && isGeneratedHeader(src.read(f) ?? ''));
  if (existing) {
    const c = layout.componentOf(existing);
    const public_ = c?.publicIncludeDirs.some((d) => !relative(d, existing).startsWith('..'));
    return { path: existing, component: public_ ? c : undefined, created: [] };
  }
  // An Arduino sketch's folder is on its include path.
  if (src.sketch) return { path: join(src.sketch, HEADER_FILE_NAME), created: [] };
  if (src.root) {
    const dir = join(src.root, 'components', HEADER_COMPONENT);
    const cmakePath = join(dir, 'CMakeLists.txt');
    const text = src.read(cmakePath);
    const component = (text !== undefined && parseComponent(cmakePath, text)) || {
      ...parseComponent(cmakePath, HEADER_COMPONENT_CMAKE)!,
    };
    const includeDir = component.publicIncludeDirs[0] ?? join(dir, 'include');
    return {
      path: join(includeDir, HEADER_FILE_NAME),
      component,
      created: text === undefined ? [{ path: cmakePath, text: HEADER_COMPONENT_CMAKE }] : [],
    };
  }
  const lib = plainLibrary(src, targets);
  if (lib) {
    const includeDir = lib.publicIncludeDirs[0];
    const prefix = ownPrefix(src, includeDir, targets);
    return { path: join(includeDir, prefix, HEADER_FILE_NAME), component: lib, created: [] };
  }
  return { path: join(commonDir(targets), HEADER_FILE_NAME), created: [] };
}

/** The layout in which every component may include the header's component (see requiringEverywhere). */
export function layoutWithHeader(layout: ProjectLayout, home: HeaderHome): ProjectLayout {
  return home.component ? layout.requiringEverywhere(home.component) : layout;
}
