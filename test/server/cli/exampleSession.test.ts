/**
 * The example's device session (the fake device plays it in `npm run vscode` and the UI tests) must
 * tell the same story as the example's code: every heap-trace record points at a real line of the
 * example that has a static finding, with the size the analyzer estimates for it, and every
 * decoded frame in the example points inside its file. Checked through the CLI a user runs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const example = 'examples/webrtc-streamer';
const session = 'test/fixtures/device/webrtc-session.log';
/** Where the session's build tree was: its paths map onto the example. */
const BUILD_ROOT = '/home/dev/webrtc-streamer/';

function json<T>(...args: string[]): T {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as T;
}

interface Finding {
  file: string;
  line: number;
  endLine: number;
  code: string;
  estimatedBytes?: number;
}
interface Sym {
  function: string;
  file: string;
  fileLine: number;
}
interface Event {
  kind: string;
  records?: { size: number; symbols?: Sym[] }[];
  file?: string;
  fileLine?: number;
}

describe('the example device session matches the example code', () => {
  const { findings } = json<{ findings: Finding[] }>('check', example, '--format', 'json');
  const { events } = json<{ events: Event[] }>('parse-log', session, '--json');
  const inExample = (file: string) =>
    file.startsWith(BUILD_ROOT) ? `${example}/${file.slice(BUILD_ROOT.length)}` : null;

  test('every trace record is a finding line of the example, with its estimated size', () => {
    const records = events.flatMap((e) => (e.kind === 'heapTrace' ? (e.records ?? []) : []));
    assert.ok(records.length >= 5, 'the session traces the example’s allocations');
    for (const r of records) {
      const site = (r.symbols ?? [])
        .map((s) => ({ s, file: inExample(s.file) }))
        .find((x) => x.file);
      assert.ok(site, `record of ${r.size} B has a frame in the example`);
      const f = findings.find(
        (x) => x.file === site.file && x.line <= site.s.fileLine && site.s.fileLine <= x.endLine,
      );
      assert.ok(f, `${site.file}:${site.s.fileLine} has a static finding`);
      assert.equal(r.size, f.estimatedBytes, `${site.file}:${site.s.fileLine} size`);
    }
  });

  test('every decoded frame inside the example names an existing line', () => {
    for (const e of events) {
      if (e.kind !== 'symbol' || !e.file) continue;
      const file = inExample(e.file);
      if (!file) continue;
      const lines = readFileSync(join(root, file), 'utf8').split('\n').length;
      assert.ok(e.fileLine! >= 1 && e.fileLine! <= lines, `${file}:${e.fileLine} exists`);
    }
  });
});
