// One esbuild script for every bundle: extension host (cjs, vscode external) and its client
// library, language server, CLI (+ its worker), and the webview (browser iife). It prints every
// bundle's size and fails when dist/extension.js holds engine code or outgrows its budget
// (issue 11: the extension host is thin glue). Type checking is `npm run typecheck`.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { EXTENSION_BUDGET, extensionProblems, kb } from './extension-budget.mjs';
import { webviewBuild } from './webview-build.mjs';
import { packageDirOf, thirdPartyManifest } from './thirdParty.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const out = join(root, 'dist');

/** web-tree-sitter's ESM build locates its wasm through import.meta.url, which a cjs bundle lacks. */
function cjsTreeSitter() {
  return {
    name: 'cjs-web-tree-sitter',
    setup(build) {
      build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({
        path: require.resolve('web-tree-sitter'),
      }));
    },
  };
}

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD build hides its requires from esbuild; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  plugins: [cjsTreeSitter()],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // The wasm lookups from node_modules only run from source; bundles find the copies in dist/.
  external: ['vscode', 'web-tree-sitter/tree-sitter.wasm', 'tree-sitter-cpp/package.json'],
};

/**
 * The extension host loads vscode-languageclient (and the protocol packages it re-exports) from
 * dist/clientLibrary.js instead of carrying it: see extension/clientLibrary.ts.
 */
function clientLibraryOutside() {
  return {
    name: 'client-library-outside',
    setup(build) {
      build.onResolve(
        { filter: /^(vscode-languageclient(\/node)?|vscode-languageserver-protocol)$/ },
        () => ({ path: './clientLibrary.js', external: true }),
      );
    },
  };
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...node,
    entryPoints: { extension: 'extension/extension.ts' },
    plugins: [clientLibraryOutside()],
  },
  { ...node, entryPoints: { clientLibrary: 'extension/clientLibrary.ts' } },
  { ...node, entryPoints: { server: 'server/lsp/main.ts' } },
  { ...node, entryPoints: { cli: 'server/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { checkWorker: 'server/analysis/checkWorker.ts' } },
  { ...node, entryPoints: { simWorker: 'server/session/simWorker.ts' } },
  // The heap panel webview: one browser script + one CSS file (its own and uPlot's), no remote content.
  webviewBuild(production),
];

function copyAssets() {
  mkdirSync(out, { recursive: true });
  // The parser runtime and the C++ grammar are loaded at run time next to the bundles.
  cpSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(out, 'tree-sitter.wasm'));
  const cppDir = dirname(require.resolve('tree-sitter-cpp/package.json'));
  cpSync(join(cppDir, 'tree-sitter-cpp.wasm'), join(out, 'tree-sitter-cpp.wasm'));
  const templates = join(root, 'server', 'fix', 'templates');
  if (existsSync(templates)) cpSync(templates, join(out, 'templates'), { recursive: true });
}

/** Prints every bundle's size; returns the problems with dist/extension.js. */
async function report(results) {
  const problems = [];
  for (const r of results) {
    for (const [file, o] of Object.entries(r.metafile?.outputs ?? {})) {
      if (file.endsWith('.map')) continue;
      let line = `  ${file.padEnd(26)} ${kb(o.bytes).padStart(10)}`;
      if (file !== 'dist/extension.js') {
        console.log(line);
        continue;
      }
      const minified = production
        ? o.bytes
        : (await esbuild.transform(readFileSync(join(root, file), 'utf8'), { minify: true })).code
            .length;
      if (!production) line += ` (minified ${kb(minified)})`;
      console.log(`${line}  budget ${kb(EXTENSION_BUDGET)}`);
      problems.push(...extensionProblems(r.metafile, file, minified));
    }
  }
  return problems;
}

copyAssets();
const opts = builds.map((b) => ({ ...b, absWorkingDir: root, outdir: out, metafile: true }));
if (watch) {
  for (const o of opts) await (await esbuild.context(o)).watch();
  console.log('esbuild: watching');
} else {
  const results = await Promise.all(opts.map((o) => esbuild.build(o)));
  // What third-party code dist/ ships (audited by test/supplyChain/bundled.test.ts).
  const bundles = Object.fromEntries(
    results.map((r, i) => [Object.keys(opts[i].entryPoints)[0], r.metafile]),
  );
  const pkg = (file) => packageDirOf(relative(root, require.resolve(file)));
  const manifest = thirdPartyManifest(root, bundles, {
    'tree-sitter.wasm': pkg('web-tree-sitter/tree-sitter.wasm'),
    'tree-sitter-cpp.wasm': pkg('tree-sitter-cpp/package.json'),
  });
  writeFileSync(join(out, 'THIRD_PARTY.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const problems = await report(results);
  for (const p of problems) console.error(`build: ${p}`);
  if (problems.length) process.exit(1);
}
