/**
 * Which files a workspace check reads: C/C++ sources and headers below the given paths, minus
 * build/, managed_components/, .git/ and the project's own `psramLens.exclude` globs (read from
 * the project's .vscode/settings.json, so the CLI and the editor skip the same files).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import picomatch from 'picomatch';
import { walkFiles } from '../project/walk';

export const CPP_EXTENSIONS = new Set([
  '.c',
  '.cc',
  '.cpp',
  '.cxx',
  '.c++',
  '.h',
  '.hh',
  '.hpp',
  '.hxx',
  '.h++',
  '.ipp',
  '.inl',
  '.tpp',
  // Arduino sketches are C++ (the Arduino builder adds `#include <Arduino.h>` and prototypes).
  '.ino',
]);
export const DEFAULT_EXCLUDE = ['build/**', 'managed_components/**'];

export function isCppFile(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf(sep) && CPP_EXTENSIONS.has(path.slice(dot).toLowerCase());
}

/** `psramLens.exclude` from `<root>/.vscode/settings.json`, or the defaults. */
export async function projectExcludes(root: string): Promise<string[]> {
  try {
    const settings = parseJsonc(
      await readFile(join(root, '.vscode', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    const v = settings?.['psramLens.exclude'];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // No settings file, or not JSON: the defaults apply.
  }
  return DEFAULT_EXCLUDE;
}

export function excludeMatcher(globs: string[]): (relPath: string) => boolean {
  const m = picomatch(globs, { dot: true });
  return (rel) => m(rel.split(sep).join('/'));
}

export interface WalkResult {
  files: string[];
  /** Paths that could not be read: one line each, naming the path and the cause. */
  errors: string[];
}

/**
 * Expands paths to C/C++ files. `excludedFor(file)` is asked per file (it knows the file's project).
 * A path given explicitly is always checked, even when an exclude glob names it.
 */
export async function collectSourceFiles(
  paths: string[],
  excludedFor: (file: string) => Promise<boolean>,
): Promise<WalkResult> {
  const files: string[] = [];
  const errors: string[] = [];
  const unreadable = (dir: string, e: NodeJS.ErrnoException): void => {
    errors.push(`${dir}: cannot read folder (${e.code ?? 'error'})`);
  };
  const take = async (file: string): Promise<void> => {
    if (isCppFile(file) && !(await excludedFor(file))) files.push(file);
  };
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walkFiles(p, take, { onUnreadable: unreadable });
      else files.push(p);
    } catch {
      errors.push(`${p}: no such file or directory`);
    }
  }
  return { files: [...new Set(files)], errors };
}

/** `rel` for output: relative to the current directory, with `/` separators (contract). */
export function displayPath(path: string, cwd = process.cwd()): string {
  return relative(cwd, path).split(sep).join('/') || '.';
}
