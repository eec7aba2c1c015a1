/**
 * Vendored code that a migration leaves alone unless `psramLens.fix.includeVendored` opts in
 * (issue 12, fix 2): ESP-IDF's component manager downloads (`managed_components/`), git submodules
 * (the paths `.gitmodules` lists) and folders named like third-party code. Rewriting them would be
 * lost on the next download and is not the project's code to change.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Folder names that hold someone else's code. */
export const VENDORED_DIRS: readonly string[] = [
  'managed_components',
  'deps',
  'third_party',
  'third-party',
  'thirdparty',
  'vendor',
  'external',
];

/** Submodule paths of a `.gitmodules` text (`path = a/b`), `/`-separated. */
export function submodulePaths(gitmodules: string): string[] {
  return [...gitmodules.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)].map((m) =>
    m[1].replace(/^"|"$/g, '').replace(/\\/g, '/').replace(/\/+$/, ''),
  );
}

/** Why a file is vendored (`third_party/`, `git submodule lib/x`), or null when it is the project's. */
export type VendoredTest = (file: string) => string | null;

/** The vendored test for files under `root` (a folder whose `.gitmodules` is read, if any). */
export async function vendoredMatcher(root: string): Promise<VendoredTest> {
  // Submodule paths are relative to the repository, which may hold the project in a subfolder.
  let repo = root;
  let gitmodules = '';
  for (let dir = root; ; dir = dirname(dir)) {
    gitmodules = await readFile(join(dir, '.gitmodules'), 'utf8').catch(() => '');
    const isRepo = gitmodules !== '' || existsSync(join(dir, '.git'));
    if (isRepo || dirname(dir) === dir) {
      repo = isRepo ? dir : root;
      break;
    }
  }
  const submodules = submodulePaths(gitmodules);
  return (file) => {
    const rel = relative(root, file).split(sep).join('/');
    if (rel.startsWith('../')) return null;
    const dirs = rel.split('/').slice(0, -1);
    const named = dirs.find((d) => VENDORED_DIRS.includes(d.toLowerCase()));
    if (named) return `${named}/`;
    const inRepo = relative(repo, file).split(sep).join('/');
    const sub = submodules.find((s) => inRepo.startsWith(`${s}/`));
    return sub ? `git submodule ${sub}` : null;
  };
}
