// The packaged VSIX (npm run package) holds what the extension needs at run time and nothing of
// the sources; a .vscodeignore or build mistake fails here before a user installs it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, vsixPath } from '../lib/paths';

interface Vsix {
  bytes: number;
  files: { name: string; size: number }[];
}

function readVsix(): Vsix {
  assert.ok(existsSync(vsixPath), `${vsixPath} is missing: run npm run package`);
  const out = execFileSync(
    process.execPath,
    [join(repoRoot, 'scripts', 'vsix-report.mjs'), '--json'],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Vsix;
}

describe('packaged VSIX', () => {
  const vsix = readVsix();
  const names = new Set(vsix.files.map((f) => f.name));
  const has = (rel: string) => names.has(`extension/${rel}`);

  test('holds the bundles, the parser wasm files, the manifest and the docs', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
    };
    const required = [
      pkg.main.replace(/^\.\//, ''),
      'dist/extension.js',
      'dist/server.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-cpp.wasm',
      // What third-party code the bundles contain (scripts/thirdParty.mjs).
      'dist/THIRD_PARTY.json',
      'package.json',
      'readme.md',
      'LICENSE.txt',
    ];
    for (const rel of required) assert.ok(has(rel), `VSIX lacks ${rel}`);
  });

  test('holds every bundle, stylesheet and wasm file of the production build', () => {
    const built = readdirSync(join(repoRoot, 'dist')).filter((f) => /\.(js|wasm|css)$/.test(f));
    assert.ok(built.includes('extension.js'), 'dist/ holds no build: run npm run package');
    for (const f of built) assert.ok(has(`dist/${f}`), `VSIX lacks dist/${f}`);
  });

  test('holds every fix template', () => {
    const dir = join(repoRoot, 'server', 'fix', 'templates');
    const templates = existsSync(dir) ? readdirSync(dir) : [];
    assert.ok(templates.length > 0, 'server/fix/templates is empty');
    for (const t of templates) {
      assert.ok(has(`dist/templates/${t}`), `VSIX lacks dist/templates/${t}`);
    }
  });

  test('holds the webview stylesheets of media/', () => {
    const css: string[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
        else if (e.name.endsWith('.css')) css.push(`${rel}${e.name}`);
      }
    };
    if (existsSync(join(repoRoot, 'media'))) walk(join(repoRoot, 'media'), 'media/');
    for (const f of css) assert.ok(has(f), `VSIX lacks ${f}`);
  });

  test('ships no sources, source maps, tests, examples or node_modules', () => {
    const leaked = vsix.files
      .map((f) => f.name)
      .filter((n) =>
        /(\.ts$|\.map$|(^|\/)node_modules\/|^extension\/(test|examples|server|extension|scripts|bench)\/)/.test(
          n,
        ),
      )
      .filter((n) => !n.endsWith('.d.ts'));
    assert.deepEqual(leaked, []);
  });

  test('stays within the 3 MB size goal', () => {
    assert.ok(vsix.bytes <= 3 * 1024 * 1024, `VSIX is ${(vsix.bytes / 1048576).toFixed(2)} MB`);
  });
});
