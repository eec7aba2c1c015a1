// Bundles the extension-host test suite (test/e2e/suite/**) into dist-test/suite/, one file per
// test module so the suite index can hand them to mocha. `vscode` and `mocha` stay external: the
// extension host provides the first, the repository's node_modules the second.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'test', 'e2e', 'suite');
const out = join(root, 'dist-test', 'suite');

function entries(dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) entries(full, acc);
    else if (name === 'index.ts' || name.endsWith('.test.ts')) acc.push(full);
  }
  return acc;
}

rmSync(out, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: entries(src).map((f) => relative(root, f)),
  outbase: relative(root, src),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha'],
});
