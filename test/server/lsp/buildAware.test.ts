/**
 * The language server grades like `psram-lens check` on examples/multi-component: host code (by the
 * components' CMakeLists.txt) is information or, with `psramLens.hostCode: "off"`, nothing; a
 * `reset(new …)` on a member declared shared_ptr in the component's header is found in a source
 * that never spells it; the Arduino sketch is graded with the arduino-esp32 threshold.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Settings } from '../../../server/config/settings';
import { LspClient, startOnCopy, stopAndRemove } from './lspClient';

const example = join(__dirname, '../../../examples/multi-component');
let ws: string;
let lsp: LspClient;
let settings: Partial<Settings> = {};

const uriOf = (rel: string): string => pathToFileURL(join(ws, rel)).href;
const open = (rel: string, languageId = 'cpp') =>
  lsp.open(uriOf(rel), readFileSync(join(ws, rel), 'utf8'), languageId);
const lines = (d: { diagnostics: { severity?: number; range: { start: { line: number } } }[] }) =>
  d.diagnostics.map((x) => `${x.range.start.line + 1}:${x.severity}`);

before(async () => {
  ({ ws, lsp } = await startOnCopy(example, 'multi', { settings: () => settings }));
});

after(() => stopAndRemove(lsp, ws));

void describe('language server on examples/multi-component', () => {
  void test('status names each project kind and what decides device code', () => {
    const projects = lsp.statuses.at(-1)!.projects.map((p) => `${p.kind} ${p.build ?? '-'}`);
    assert.deepEqual(projects.sort(), ['arduino -', 'esp-idf CMakeLists.txt']);
  });

  void test('a source that never spells shared_ptr: reset(new) on header members is found', async () => {
    await open('components/net/src/session.cpp');
    const uri = uriOf('components/net/src/session.cpp');
    const d = await lsp.waitFor(() => {
      const cur = lsp.diagnostics.get(uri);
      return cur?.diagnostics.length === 2 ? cur : undefined;
    }, 'two PSR003 once the header is indexed');
    assert.deepEqual(lines(d), ['14:2', '18:2']);
    // Transport is defined in a private header that never mentions a smart pointer.
    const first = d.diagnostics[0].message;
    assert.match(typeof first === 'string' ? first : first.value, /object Transport \(28 B\)/);
  });

  void test('host code is information, an off #if branch too; hostCode off hides both', async () => {
    await open('components/net/host_test/session_host_test.cpp');
    await open('components/media/src/pipeline.cpp');
    const host = await lsp.current(uriOf('components/net/host_test/session_host_test.cpp'));
    assert.deepEqual(lines(host), ['21:3', '22:3']);
    const pipeline = await lsp.current(uriOf('components/media/src/pipeline.cpp'));
    assert.ok(lines(pipeline).includes('44:3'), lines(pipeline).join(' '));
    // A file never opened gets its findings from the workspace check, graded the same way.
    const closed = uriOf('components/media/src/sim_clock.cpp');
    await lsp.waitFor(
      () => lsp.diagnostics.get(closed)?.diagnostics.every((x) => x.severity === 3),
      'workspace diagnostics of closed host code',
    );
    settings = { hostCode: 'off' };
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => lsp.diagnostics.get(closed)?.diagnostics.length === 0,
      'closed host code hidden',
    );
    await lsp.waitFor(
      () =>
        lsp.diagnostics.get(uriOf('components/net/host_test/session_host_test.cpp'))?.diagnostics
          .length === 0,
      'host code hidden',
    );
    await lsp.waitFor(
      () =>
        !lsp.diagnostics
          .get(uriOf('components/media/src/pipeline.cpp'))
          ?.diagnostics.some((x) => x.range.start.line === 43),
      'the off branch hidden',
    );
    settings = {};
    await lsp.configurationChanged();
  });

  void test('the Arduino sketch is analysed with the arduino-esp32 threshold', async () => {
    await open('arduino/PsramSketch/PsramSketch.ino', 'arduino');
    const d = await lsp.current(uriOf('arduino/PsramSketch/PsramSketch.ino'));
    assert.deepEqual(lines(d), ['16:2']);
    const message = d.diagnostics[0].message;
    assert.match(typeof message === 'string' ? message : message.value, /up to 4096 B/);
  });
});
