/**
 * What the migration reads from disk for one ESP-IDF project: its C/C++ files, its components'
 * CMakeLists.txt (how headers are found).
 */
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectSourceFiles } from '../analysis/sourceFiles';
import { SKIPPED_DIRS } from '../project/discovery';
import type { ProjectSources } from './migrate';
import { type Component, parseComponent } from './projectLayout';
import { decodeExact } from './writeFiles';

async function components(root: string): Promise<Component[]> {
  const out: Component[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory() && depth < 6 && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) {
        await walk(full, depth + 1);
      } else if (e.isFile() && e.name === 'CMakeLists.txt') {
        const c = parseComponent(full, await readFile(full, 'utf8').catch(() => ''));
        if (c) out.push(c);
      }
    }
  };
  await walk(root, 0);
  return out;
}

/** A reader that caches texts and treats files that are not exact UTF-8 as unreadable. */
export function cachedReader(): (path: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (path) => {
    if (!cache.has(path)) {
      let text: string | undefined;
      try {
        text = decodeExact(readFileSync(path)) ?? undefined;
      } catch {
        text = undefined;
      }
      cache.set(path, text);
    }
    return cache.get(path);
  };
}

/** Sources of a project (root null: loose files, which are then the only files). */
export async function loadProjectSources(
  root: string | null,
  loose: string[],
  excluded: (file: string) => Promise<boolean>,
): Promise<ProjectSources> {
  if (!root) return { root, files: loose, components: [], read: cachedReader() };
  const walk = await collectSourceFiles([root], excluded);
  return { root, files: walk.files, components: await components(root), read: cachedReader() };
}
