/**
 * What the migration reads from disk for one ESP-IDF project: its C/C++ files, its components'
 * CMakeLists.txt (how headers are found).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { collectSourceFiles } from '../analysis/sourceFiles';
import { walkFiles } from '../project/walk';
import type { ProjectSources } from './migrate';
import { type Component, parseComponent } from './projectLayout';
import { decodeExact } from './writeFiles';

/** Components registered below the root (six folders deep at most, dot-folders skipped). */
async function components(root: string): Promise<Component[]> {
  const out: Component[] = [];
  await walkFiles(
    root,
    async (file) => {
      if (basename(file) !== 'CMakeLists.txt') return;
      const c = parseComponent(file, await readFile(file, 'utf8').catch(() => ''));
      if (c) out.push(c);
    },
    { maxDepth: 6, skipHidden: true },
  );
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
