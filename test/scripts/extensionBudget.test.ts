// The build's check on dist/extension.js: real esbuild bundles of probe entries (in memory) with
// the extension's options; the check names what got in and through which imports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import { extensionProblems } from '../../scripts/extension-budget.mjs';

const root = join(__dirname, '..', '..');
const check = extensionProblems as (
  metafile: esbuild.Metafile,
  file: string,
  minifiedBytes: number,
) => string[];

/** Bundles `source` as the extension entry (written next to extension.ts) and checks it. */
async function problemsOf(source: string): Promise<string[]> {
  const dir = mkdtempSync(join(root, 'extension', 'probe-'));
  try {
    writeFileSync(join(dir, 'entry.ts'), source);
    const r = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { extension: join(dir, 'entry.ts') },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      external: ['vscode', 'web-tree-sitter/tree-sitter.wasm', 'tree-sitter-cpp/package.json'],
      minify: true,
      write: false,
      metafile: true,
      outdir: 'dist',
      logLevel: 'silent',
    });
    const out = r.outputFiles.find((f) => f.path.endsWith('extension.js'));
    assert.ok(out);
    return check(r.metafile, 'dist/extension.js', out.contents.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('dist/extension.js check (scripts/extension-budget.mjs)', () => {
  test('the parser, the simulator and the log parser are named with their import chain', async () => {
    const problems = await problemsOf(
      [
        "import { createCppParser } from '../../server/analysis/parser';",
        "import { runScenario } from '../../server/sim/runner';",
        "import { LogStreamParser } from '../../server/logparse/parser';",
        'export const all = [createCppParser, runScenario, LogStreamParser];',
        '',
      ].join('\n'),
    );
    const text = problems.join('\n');
    assert.match(text, /holds tree-sitter/);
    assert.match(
      text,
      /holds the analyzer .* through extension\/probe-\w+\/entry\.ts → server\/analysis\/parser\.ts/,
    );
    assert.match(text, /holds the simulator/);
    assert.match(text, /holds the log parser/);
    assert.match(text, /over its 150\.0 KB budget/);
  });

  test('glue that only talks to the server passes', async () => {
    assert.deepEqual(
      await problemsOf(
        "import { describeError } from '../../server/errors';\nexport const d = describeError;\n",
      ),
      [],
    );
  });
});
