import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  CodeActionRequest,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol';
import { ruleDocUrl } from '../../../server/analysis/rules';
import type { Settings } from '../../../server/config/settings';
import { documentFindingsRequest, serverStatsRequest } from '../../../server/protocol/lsp';
import { LspClient, startOnCopy, stopAndRemove } from './lspClient';
import { sendRequest } from '../../../server/protocol/rpc';

const fixture = join(__dirname, '../../fixtures/lsp/project');
let ws: string;
let lsp: LspClient;
let settings: Partial<Settings> = {};

const uriOf = (rel: string): string => pathToFileURL(join(ws, rel)).href;
const textOf = (rel: string): string => readFileSync(join(ws, rel), 'utf8');
const text = (m: string | { value: string }): string => (typeof m === 'string' ? m : m.value);
const codesAt = (d: { diagnostics: { code?: unknown; range: { start: { line: number } } }[] }) =>
  d.diagnostics.map((x) => `${String(x.code)}@${x.range.start.line}`);

before(async () => {
  // These tests are about open documents; workspaceDiagnostics.test.ts covers the other files.
  ({ ws, lsp } = await startOnCopy(fixture, 'lsp', {
    settings: () => ({ diagnostics: { scope: 'openFiles' }, ...settings }),
  }));
});

after(() => stopAndRemove(lsp, ws));

void describe('language server over stdio', () => {
  void test('initialize: incremental text sync', () => {
    const sync = lsp.initializeResult.capabilities.textDocumentSync;
    assert.equal(typeof sync === 'object' ? sync.change : sync, TextDocumentSyncKind.Incremental);
    assert.equal(lsp.initializeResult.serverInfo?.name, 'psram-lens');
  });

  void test('the project is found with its sdkconfig', () => {
    const status = lsp.statuses.at(-1)!;
    assert.equal(status.projects.length, 1);
    assert.equal(status.projects[0].target, 'esp32s3');
    assert.equal(status.projects[0].alwaysInternalThreshold, 16384);
  });

  void test('didOpen publishes the findings with code, link and source; suppressions and comments hold', async () => {
    const uri = uriOf('main/app.cpp');
    await lsp.open(uri, textOf('main/app.cpp'));
    const d = await lsp.current(uri);
    // Lines 13, 17 (make_shared), 23 (shared_ptr from new); not the comment/string (25-26) nor the ignored lines (31, 33).
    assert.deepEqual(codesAt(d), ['PSR001@13', 'PSR001@17', 'PSR003@23']);
    for (const diag of d.diagnostics) {
      assert.equal(diag.source, 'psram-lens');
      assert.equal(diag.codeDescription?.href, ruleDocUrl(diag.code as 'PSR001'));
      assert.equal(diag.severity, 2);
      assert.match(text(diag.message), /16384 B/);
    }
  });

  void test('a class defined in another (unopened) file gives the size in the message', async () => {
    const d = await lsp.current(uriOf('main/app.cpp'));
    const session = d.diagnostics.find((x) => x.range.start.line === 17)!;
    // struct Session { uint32_t; uint8_t[32]; std::string } = 4 + 32 + 24 on ILP32, plus the control block.
    assert.match(text(session.message), /Session and control block \(≈\d+ B: 60 \+ \d+\)/);
  });

  void test('incremental didChange: a new call is found at its line, and goes when deleted', async () => {
    const uri = uriOf('main/app.cpp');
    const insertAt = { line: 11, character: 0 };
    await lsp.change(uri, [
      {
        range: { start: insertAt, end: insertAt },
        text: 'auto extra = std::make_shared<Frame>();\n',
      },
    ]);
    let d = await lsp.current(uri);
    assert.deepEqual(codesAt(d), ['PSR001@11', 'PSR001@14', 'PSR001@18', 'PSR003@24']);
    await lsp.change(uri, [
      { range: { start: insertAt, end: { line: 12, character: 0 } }, text: '' },
    ]);
    d = await lsp.current(uri);
    assert.deepEqual(codesAt(d), ['PSR001@13', 'PSR001@17', 'PSR003@23']);
  });

  void test('psramLens/documentFindings returns the findings with fix sites for the current version', async () => {
    const uri = uriOf('main/app.cpp');
    const d = await lsp.current(uri);
    const r = await sendRequest(lsp.connection, documentFindingsRequest, { uri });
    assert.equal(r?.version, d.version);
    assert.deepEqual(
      r?.findings.map((f) => f.code),
      ['PSR001', 'PSR001', 'PSR003'],
    );
    assert.ok(r?.findings[0].fix);
    assert.equal(
      await sendRequest(lsp.connection, documentFindingsRequest, { uri: uriOf('nope.cpp') }),
      null,
    );
  });

  void test('textDocument/codeAction offers the quick fix for a finding', async () => {
    const uri = uriOf('main/app.cpp');
    const d = await lsp.current(uri);
    const target = d.diagnostics[0];
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target], only: [CodeActionKind.QuickFix] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred quick fix in ${actions.map((a) => a.title).join('; ')}`);
    assert.equal(fix.diagnostics?.[0].code, target.code);
  });

  void test('a changed sdkconfig re-grades the open documents', async () => {
    const uri = uriOf('main/app.cpp');
    const sdkconfig = join(ws, 'sdkconfig');
    const original = readFileSync(sdkconfig, 'utf8');
    const notify = () => lsp.filesChanged([{ uri: pathToFileURL(sdkconfig).href, type: 2 }]);

    writeFileSync(sdkconfig, 'CONFIG_IDF_TARGET="esp32s3"\n# CONFIG_SPIRAM is not set\n');
    await notify();
    await lsp.waitFor(
      () => lsp.diagnostics.get(uri)?.diagnostics.length === 0,
      'no findings without PSRAM',
    );

    settings = { noPsramSeverity: 'hint' };
    await lsp.configurationChanged();
    const hints = await lsp.waitFor(() => {
      const d = lsp.diagnostics.get(uri)!.diagnostics;
      return d.length === 3 && d.every((x) => x.severity === 4) ? d : undefined;
    }, 'hints without PSRAM');
    assert.match(text(hints[0].message), /PSRAM is not enabled/);

    writeFileSync(
      sdkconfig,
      original
        .replace('CONFIG_SPIRAM_USE_MALLOC=y', '# CONFIG_SPIRAM_USE_MALLOC is not set')
        .replace('# CONFIG_SPIRAM_USE_CAPS_ALLOC is not set', 'CONFIG_SPIRAM_USE_CAPS_ALLOC=y'),
    );
    await notify();
    await lsp.waitFor(
      () =>
        lsp.diagnostics
          .get(uri)!
          .diagnostics.every((x) => /CONFIG_SPIRAM_USE_CAPS_ALLOC/.test(text(x.message))),
      'caps-alloc messages',
    );

    writeFileSync(sdkconfig, original);
    settings = {};
    await notify();
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => lsp.diagnostics.get(uri)!.diagnostics.every((x) => /16384 B/.test(text(x.message))),
      'the original grading again',
    );
  });

  void test('psramLens.exclude: build/** is skipped by default, and globs are relative to the project root', async () => {
    const generated = uriOf('build/generated.cpp');
    await lsp.open(generated, textOf('build/generated.cpp'));
    assert.deepEqual((await lsp.current(generated)).diagnostics, []);

    settings = { exclude: ['main/**'] };
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => lsp.diagnostics.get(generated)!.diagnostics.length === 1,
      'build/ analysed',
    );
    await lsp.waitFor(
      () => lsp.diagnostics.get(uriOf('main/app.cpp'))!.diagnostics.length === 0,
      'main/ excluded',
    );

    settings = {};
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => lsp.diagnostics.get(generated)!.diagnostics.length === 0,
      'build/ excluded again',
    );
    await lsp.waitFor(
      () => lsp.diagnostics.get(uriOf('main/app.cpp'))!.diagnostics.length === 3,
      'main/ back',
    );
    await lsp.close(generated);
  });

  void test('// psram-lens: ignore-file silences a whole file', async () => {
    const uri = uriOf('main/ignored.cpp');
    await lsp.open(
      uri,
      '// psram-lens: ignore-file\n#include <memory>\nauto x = std::make_shared<int>(1);\n',
    );
    assert.deepEqual((await lsp.current(uri)).diagnostics, []);
    await lsp.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
    ]);
    assert.deepEqual(codesAt(await lsp.current(uri)), ['PSR001@1']);
    await lsp.close(uri);
  });

  void test('an invalid setting falls back to its default and is reported', async () => {
    settings = { noPsramSeverity: 'loud' as Settings['noPsramSeverity'] };
    await lsp.configurationChanged();
    await lsp.waitFor(
      () => lsp.logs.some((l) => l.includes('psramLens.noPsramSeverity')),
      'a warning',
    );
    await lsp.waitFor(
      () => lsp.diagnostics.get(uriOf('main/app.cpp'))!.diagnostics.length === 3,
      'defaults apply',
    );
    settings = {};
    await lsp.configurationChanged();
  });

  void test('an edit to a class in another open file re-grades; closing it unsaved restores the disk version', async () => {
    const app = uriOf('main/app.cpp');
    const header = uriOf('main/session.hpp');
    const sessionMessage = () => {
      const d = lsp.diagnostics.get(app)!.diagnostics.find((x) => x.range.start.line === 17);
      return d ? text(d.message) : '';
    };
    assert.match(sessionMessage(), /: 60 \+/);
    await lsp.open(header, textOf('main/session.hpp'));
    await lsp.current(header);
    const line = textOf('main/session.hpp')
      .split('\n')
      .findIndex((l) => l.includes('key[32]'));
    const col = textOf('main/session.hpp').split('\n')[line].indexOf('32');
    await lsp.change(header, [
      { range: { start: { line, character: col }, end: { line, character: col + 2 } }, text: '64' },
    ]);
    await lsp.waitFor(() => /: 92 \+/.test(sessionMessage()), 'Session at 4 + 64 + 24 bytes');
    await lsp.close(header);
    await lsp.waitFor(() => /: 60 \+/.test(sessionMessage()), 'Session from disk again');
  });

  void test('close clears the diagnostics; psramLens/serverStats counts documents and latency', async () => {
    const uri = uriOf('main/app.cpp');
    const stats = await sendRequest(lsp.connection, serverStatsRequest, undefined);
    assert.equal(stats.openDocuments, 1);
    assert.ok(stats.analyses > 0 && stats.analysisP95Ms > 0);
    assert.ok(stats.rssBytes > stats.heapUsedBytes);
    await lsp.close(uri);
    await lsp.waitFor(
      () => lsp.diagnostics.get(uri)?.diagnostics.length === 0,
      'cleared diagnostics',
    );
    assert.equal(
      (await sendRequest(lsp.connection, serverStatsRequest, undefined)).openDocuments,
      0,
    );
  });
});
