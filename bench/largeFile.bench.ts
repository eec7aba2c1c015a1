/**
 * A 20 MB generated source (issue 15, large inputs): `check` time and peak memory, and the language
 * server's peak resident memory with the file open (goal < 300 MB). The file is over the per-file
 * limit (server/analysis/fileLimit.ts), so it is skipped with one notice.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, ensureServerBundle } from '../test/server/lsp/lspClient';
import { generatedSource, peakRssMb } from '../test/server/largeInput/generated';

export async function run(): Promise<void> {
  ensureServerBundle();
  const root = join(__dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'psl-bench-large-'));
  try {
    cpSync(join(root, 'test/fixtures/lsp/project'), dir, { recursive: true });
    const text = generatedSource(20 * 1024 * 1024);
    const file = join(dir, 'main', 'amalgamated.cpp');
    writeFileSync(file, text);
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%e %M', process.execPath, join(root, 'dist/cli.js'), 'check'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    const [secs, kb] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ');
    console.log(
      `check, project with a 20 MB file: ${secs} s, peak RSS ${(Number(kb) / 1024).toFixed(0)} MB`,
    );
    const lsp = await LspClient.start({ workspace: dir });
    try {
      await lsp.ready();
      const uri = pathToFileURL(file).href;
      await lsp.open(uri, text);
      await lsp.current(uri);
      console.log(
        `language server, 20 MB file open: peak RSS ${peakRssMb(lsp.child.pid!)?.toFixed(0) ?? '?'} MB (goal < 300 MB)`,
      );
    } finally {
      await lsp.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
