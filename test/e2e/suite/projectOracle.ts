// What the editor's fixes must produce, computed outside VS Code: `psram-lens fix` (the same
// engine) on a pristine copy of the example project, and the host compiler on the result.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './helpers';

export const pristineExample = join(repoRoot, 'examples', 'webrtc-streamer');

function walk(dir: string, acc: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, acc);
    else acc.push(full);
  }
  return acc;
}

/** Every text file of a project folder, by project-relative path. */
export function readProject(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of walk(root)) files.set(relative(root, f), readFileSync(f, 'utf8'));
  return files;
}

function cli(
  cwd: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

/** The example project after `psram-lens fix`: every file, by project-relative path. */
export function fixedByCli(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'psram-lens-oracle-'));
  try {
    cpSync(pristineExample, dir, { recursive: true });
    const r = cli(dir, ['fix', '.']);
    assert.equal(r.status, 0, `psram-lens fix failed: ${r.stderr}`);
    return readProject(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `psram-lens fix --check`: 0 when nothing is left to rewrite. */
export function fixCheck(root: string): number | null {
  return cli(root, ['fix', '--check', '.']).status;
}

/** The include folders the project's components declare (idf_component_register INCLUDE_DIRS). */
function includeDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const f of walk(root).filter((p) => p.endsWith('CMakeLists.txt') && dirname(p) !== root)) {
    const m = /INCLUDE_DIRS((?:\s+"[^"]*")+)/.exec(readFileSync(f, 'utf8'));
    for (const d of m?.[1].match(/"([^"]*)"/g) ?? []) dirs.push(join(dirname(f), d.slice(1, -1)));
  }
  return dirs;
}

/** Compiles every C++ source of the project for the host (`g++ -std=c++17 -fsyntax-only`). */
export function compileProject(root: string): { file: string; errors: string }[] {
  const includes = includeDirs(root).flatMap((d) => ['-I', d]);
  const failures: { file: string; errors: string }[] = [];
  for (const src of walk(root).filter((p) => p.endsWith('.cpp'))) {
    const r = spawnSync('g++', ['-std=c++17', '-fsyntax-only', ...includes, src], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      failures.push({ file: relative(root, src), errors: r.stderr || String(r.error) });
    }
  }
  return failures;
}
