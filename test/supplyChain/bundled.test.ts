/**
 * Everything dist/ ships from npm is auditable: dist/THIRD_PARTY.json (written by the build from
 * esbuild's metafiles) lists each bundled or copied package with version and license; here it must
 * match what package.json declares as "dependencies" (so `npm audit --omit=dev` checks exactly the
 * shipped code and what it depends on) and the versions locked in package-lock.json.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServerBundle } from '../server/lsp/lspClient';

const root = join(__dirname, '..', '..');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

interface Entry {
  name: string;
  version: string;
  license: string | null;
  in: string[];
}
interface LockEntry {
  version: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
}

/** Licenses that allow shipping the code in the VSIX with attribution (reviewed). */
const LICENSES = new Set([
  'MIT',
  'ISC',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'BlueOak-1.0.0',
]);

let shipped: Entry[];
const pkg = read<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
  'package.json',
);
const lock = read<{ packages: Record<string, LockEntry> }>('package-lock.json').packages;

before(() => {
  ensureServerBundle();
  shipped = read<{ packages: Entry[] }>('dist/THIRD_PARTY.json').packages;
});

/** Package names reachable from package.json "dependencies" through the lock (top-level entries). */
function runtimeClosure(): Set<string> {
  const seen = new Set<string>();
  const stack = Object.keys(pkg.dependencies);
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...Object.keys(lock[`node_modules/${name}`]?.dependencies ?? {}));
  }
  return seen;
}

void describe('third-party code in dist/', () => {
  test('the manifest lists the bundled packages with versions and licenses', () => {
    assert.ok(shipped.length > 5, 'dist/THIRD_PARTY.json lists too little');
    for (const name of [
      'zod',
      'commander',
      'vscode-languageserver',
      'web-tree-sitter',
      'uplot',
      'tree-sitter-cpp',
    ]) {
      assert.ok(
        shipped.some((p) => p.name === name),
        `${name} is bundled but not listed`,
      );
    }
  });

  test('every shipped package is a runtime dependency (audited by npm audit --omit=dev)', () => {
    const closure = runtimeClosure();
    const missing = shipped.filter((p) => !closure.has(p.name)).map((p) => p.name);
    assert.deepEqual(missing, [], 'bundled but not under package.json "dependencies"');
    for (const p of shipped) {
      assert.notEqual(
        lock[`node_modules/${p.name}`]?.dev,
        true,
        `${p.name} is marked dev in the lock`,
      );
    }
  });

  test('every declared dependency is shipped (nothing listed that the bundles do not contain)', () => {
    const names = new Set(shipped.map((p) => p.name));
    assert.deepEqual(
      Object.keys(pkg.dependencies).filter((n) => !names.has(n)),
      [],
    );
    assert.deepEqual(
      Object.keys(pkg.dependencies).filter((n) => n in pkg.devDependencies),
      [],
    );
  });

  test('shipped versions are the locked ones, licenses are reviewed', () => {
    for (const p of shipped) {
      assert.equal(p.version, lock[`node_modules/${p.name}`]?.version, `${p.name} version`);
      assert.ok(
        p.license && LICENSES.has(p.license),
        `${p.name}: license ${p.license} not reviewed`,
      );
    }
  });
});
