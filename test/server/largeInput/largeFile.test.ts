/**
 * A 20 MB generated source (issue: check took 10 s and 888 MB, fix 26 s and 1.07 GB, the language
 * server 1.25 GB): check, fix and the language server skip it with one notice, keep analysing the
 * other files, and the server stays under 300 MB (peak resident memory).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_FILE_BYTES } from '../../../server/analysis/fileLimit';
import { LspClient, ensureServerBundle } from '../lsp/lspClient';
import { generatedSource, peakRssMb } from './generated';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const BIG = 20 * 1024 * 1024;
let dir: string;
let big: string;

before(() => {
  ensureServerBundle();
  dir = mkdtempSync(join(tmpdir(), 'psl-large-'));
  cpSync(join(__dirname, '../../fixtures/lsp/project'), dir, { recursive: true });
  big = generatedSource(BIG);
  writeFileSync(join(dir, 'main', 'amalgamated.cpp'), big);
  writeFileSync(
    join(dir, 'main', 'small.cpp'),
    '#include <memory>\nauto p = std::make_shared<int>(7);\n',
  );
  // Both are the device's sources (fix leaves sources no component lists alone).
  writeFileSync(
    join(dir, 'main', 'CMakeLists.txt'),
    'idf_component_register(SRCS "app.cpp" "small.cpp" "amalgamated.cpp" INCLUDE_DIRS ".")\n',
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { ...r, ms: Date.now() - t0 };
}

const notice =
  /^psram-lens: .*main\/amalgamated\.cpp: skipped, 20\.0 MiB is over the 2\.0 MiB per-file limit/m;

void describe('a 20 MB source file', () => {
  test('the limit is below the file', () => assert.ok(MAX_FILE_BYTES < BIG));

  test('check: skipped with one notice; the other files are still checked', () => {
    const r = run(['check', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, notice);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('amalgamated')).length, 1);
    const files = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map(
      (x) => x.file,
    );
    assert.ok(
      files.includes('main/small.cpp') && !files.some((f) => f.includes('amalgamated')),
      files.join(),
    );
    assert.ok(r.ms < 8000, `check took ${r.ms} ms`);
  });

  test('fix --dry-run: skipped with one notice; the other files are still fixed', () => {
    const r = run(['fix', '--dry-run']);
    assert.match(r.stderr, notice);
    assert.match(r.stdout, /\+\+\+ b\/main\/small\.cpp/);
    assert.doesNotMatch(r.stdout, /amalgamated/);
    assert.ok(r.ms < 8000, `fix took ${r.ms} ms`);
  });

  test('language server: one notice, no diagnostics, under 300 MB with the file open', async () => {
    const lsp = await LspClient.start({ workspace: dir });
    try {
      await lsp.ready();
      const uri = pathToFileURL(join(dir, 'main', 'amalgamated.cpp')).href;
      await lsp.open(uri, big);
      assert.deepEqual((await lsp.current(uri)).diagnostics, []);
      // Typing into it stays cheap and silent.
      await lsp.change(uri, [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          text: '// x\n',
        },
      ]);
      assert.deepEqual((await lsp.current(uri)).diagnostics, []);
      const small = pathToFileURL(join(dir, 'main', 'small.cpp')).href;
      await lsp.open(small, '#include <memory>\nauto p = std::make_shared<int>(7);\n');
      assert.equal((await lsp.current(small)).diagnostics.length, 1);
      const notices = lsp.logs.filter((l) => l.includes('amalgamated.cpp: skipped'));
      // One from the project index (file on disk), one for the open document.
      assert.ok(notices.length >= 1 && notices.length <= 2, notices.join('\n'));
      const peak = peakRssMb(lsp.child.pid!);
      if (peak !== null) assert.ok(peak < 300, `server peak RSS ${peak.toFixed(0)} MB`);
    } finally {
      await lsp.stop();
    }
  });
});
