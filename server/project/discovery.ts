/**
 * Finding ESP-IDF projects: a folder whose CMakeLists.txt includes
 * `$ENV{IDF_PATH}/tools/cmake/project.cmake` (the only reliable mark of a project root; a
 * component has its own CMakeLists.txt without it). Multi-root: every root is searched.
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { type PsramConfig, UNKNOWN_CONFIG, parseSdkconfig, psramConfigFrom } from './sdkconfig';

export interface IdfProject {
  root: string;
  /** The file the configuration came from: `sdkconfig`, else `sdkconfig.defaults`, else null. */
  sdkconfigPath: string | null;
  config: PsramConfig;
  /** Problems reading the configuration (one line each, naming the file). */
  errors: string[];
}

const PROJECT_CMAKE = /include\s*\(\s*"?\$ENV\{IDF_PATH\}\/tools\/cmake\/project\.cmake"?\s*\)/;
/** Folders never searched for projects or sources. */
export const SKIPPED_DIRS = new Set([
  'build',
  'managed_components',
  '.git',
  'node_modules',
  '.cache',
]);

export async function isProjectRoot(dir: string): Promise<boolean> {
  try {
    return PROJECT_CMAKE.test(await readFile(join(dir, 'CMakeLists.txt'), 'utf8'));
  } catch {
    return false;
  }
}

/** Reads a project's configuration; a broken or unreadable file gives errors and unknown values. */
export async function loadProject(root: string): Promise<IdfProject> {
  for (const name of ['sdkconfig', 'sdkconfig.defaults']) {
    const path = join(root, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return {
        root,
        sdkconfigPath: path,
        config: UNKNOWN_CONFIG,
        errors: [`${path}: cannot read (${(e as NodeJS.ErrnoException).code})`],
      };
    }
    const parsed = parseSdkconfig(text);
    const errors = parsed.errors.map((er) => `${path}:${er.line}: ${er.message}`);
    return { root, sdkconfigPath: path, config: psramConfigFrom(parsed.values), errors };
  }
  return { root, sdkconfigPath: null, config: UNKNOWN_CONFIG, errors: [] };
}

/** Every ESP-IDF project at or below the given roots (a project's own subfolders are not searched for nested projects' configs beyond depth 6). */
export async function findProjects(roots: string[], maxDepth = 6): Promise<IdfProject[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    if (await isProjectRoot(dir)) found.push(dir);
    if (depth >= maxDepth) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.'))
        .map((e) => walk(join(dir, e.name), depth + 1)),
    );
  }
  await Promise.all(roots.map((r) => walk(r, 0)));
  return Promise.all([...new Set(found)].sort().map(loadProject));
}

/** The innermost project that contains `file`, if any. */
export function projectForFile<P extends { root: string }>(
  projects: readonly P[],
  file: string,
): P | undefined {
  let best: P | undefined;
  for (const p of projects) {
    const rel = relative(p.root, file);
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === file) continue;
    if (!best || p.root.length > best.root.length) best = p;
  }
  return best;
}

/** Walks up from a path to the nearest project root (used when the CLI is given a file or subfolder). */
export async function findEnclosingProjectRoot(path: string): Promise<string | null> {
  let dir = path;
  for (;;) {
    if (await isProjectRoot(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
