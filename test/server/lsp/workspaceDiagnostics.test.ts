/**
 * Workspace-wide diagnostics over the real bundled server: every project file gets the findings
 * `psram-lens check` gives it without being opened; an opened file is then published by its own
 * analysis, and closing it brings the workspace findings back. `openFiles` scope turns it off.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Settings } from '../../../server/config/settings';
import { checkWorkspaceRequest } from '../../../server/protocol/lsp';
import { LspClient, startOnCopy, stopAndRemove } from './lspClient';
import { sendRequest } from '../../../server/protocol/rpc';

const root = join(__dirname, '..', '..', '..');
const example = join(root, 'examples', 'webrtc-streamer');
let ws: string;
let lsp: LspClient;
let settings: Partial<Settings> = {};

interface CheckJson {
  findings: { file: string; line: number; code: string }[];
}

/** What `psram-lens check` says, as `file:line code` per absolute file URI. */
function checkFindings(): Map<string, string[]> {
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'check', ws, '--format', 'json'],
    {
      encoding: 'utf8',
    },
  );
  const out = new Map<string, string[]>();
  for (const f of (JSON.parse(r.stdout) as CheckJson).findings) {
    const uri = pathToFileURL(join(process.cwd(), f.file)).href;
    out.set(uri, [...(out.get(uri) ?? []), `${f.line} ${f.code}`]);
  }
  return out;
}

const published = (uri: string) =>
  (lsp.diagnostics.get(uri)?.diagnostics ?? []).map(
    (d) => `${d.range.start.line + 1} ${String(d.code)}`,
  );

before(async () => {
  ({ ws, lsp } = await startOnCopy(example, 'wsdiag', { settings: () => settings }));
});

after(() => stopAndRemove(lsp, ws));

void describe('workspace-wide diagnostics', () => {
  void test('files that were never opened get the findings psram-lens check gives them', async () => {
    const expected = checkFindings();
    assert.ok(expected.size >= 4, 'the example has findings in several files');
    await lsp.waitFor(
      () =>
        [...expected].every(([uri, lines]) => published(uri).sort().join() === lines.sort().join()),
      'every file published as check sees it',
    );
    const summary = await sendRequest(lsp.connection, checkWorkspaceRequest, undefined);
    assert.equal(summary.files, expected.size);
    assert.equal(summary.findings, [...expected.values()].flat().length);
    assert.ok(
      lsp.logs.some((l) => /^project .*: esp32s3, PSRAM on, malloc > 16384 B to PSRAM/.test(l)),
      'the output channel says what the server found',
    );
  });

  void test('a closed file comes back with its workspace findings; a fixed file on disk clears', async () => {
    const rel = 'components/rtc/src/channel.cpp';
    const uri = pathToFileURL(join(ws, rel)).href;
    const before = published(uri);
    await lsp.open(
      uri,
      readFileSync(join(ws, rel), 'utf8').replace('std::make_shared<Message>()', 'nullptr'),
    );
    await lsp.waitFor(() => published(uri).length === before.length - 1, 'the open edit counts');
    await lsp.close(uri);
    await lsp.waitFor(() => published(uri).join() === before.join(), 'workspace findings back');
    // The file changes on disk: the watcher event refreshes it.
    writeFileSync(join(ws, rel), '// nothing left\n');
    await lsp.filesChanged([{ uri, type: 2 }]);
    await lsp.waitFor(() => published(uri).length === 0, 'cleared after the change on disk');
  });

  void test('scope openFiles: nothing is published for closed files', async () => {
    settings = { diagnostics: { scope: 'openFiles' } };
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => [...lsp.diagnostics.values()].every((d) => d.diagnostics.length === 0),
      'every closed file cleared',
    );
  });
});
