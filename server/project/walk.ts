/**
 * The one directory walker for project files: depth-first in directory order, skipping build
 * output and tool folders (isSkippedFolder), optionally bounded in depth and dot-folders. Symbolic
 * links to folders are not followed (a Dirent for a link is not a directory), so a walk ends.
 * Project discovery (discovery.ts) visits folders, concurrently, with the same skip rule.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders never searched for projects or sources. */
const SKIPPED_DIRS = new Set(['build', 'managed_components', '.git', 'node_modules', '.cache']);

/** True for a folder no walk enters: build output, tool folders, and dot-folders when asked. */
export function isSkippedFolder(name: string, skipHidden = false): boolean {
  return SKIPPED_DIRS.has(name) || (skipHidden && name.startsWith('.'));
}

export interface WalkOptions {
  /** Deepest folder read, counted below the root (depth 0); unbounded when absent. */
  maxDepth?: number;
  /** Also skip folders whose names start with a dot. */
  skipHidden?: boolean;
  /** A folder that could not be read; the walk goes on without it. */
  onUnreadable?: (dir: string, error: NodeJS.ErrnoException) => void;
}

/**
 * Calls `visit` for each file below `root` (its full path and the folder holding it). `visit`
 * returning `false` stops the whole walk.
 */
export async function walkFiles(
  root: string,
  visit: (file: string, dir: string) => boolean | void | Promise<boolean | void>,
  options: WalkOptions = {},
): Promise<void> {
  const maxDepth = options.maxDepth ?? Infinity;
  let stopped = false;
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      options.onUnreadable?.(dir, e as NodeJS.ErrnoException);
      return;
    }
    for (const e of entries) {
      if (stopped) return;
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!isSkippedFolder(e.name, options.skipHidden) && depth < maxDepth) {
          await walk(full, depth + 1);
        }
      } else if (e.isFile() && (await visit(full, dir)) === false) {
        stopped = true;
      }
    }
  }
  await walk(root, 0);
}
