import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CodeActionParams,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver/node';
import { analyzeText } from '../../../server/analysis/analyzer';
import { LineIndex } from '../../../server/analysis/lineIndex';
import { DEFAULT_SETTINGS } from '../../../server/config/settings';
import { FIX_ALL_KIND, provideCodeActions } from '../../../server/lsp/codeActions';
import { HEADER_CREATED_COMMAND } from '../../../server/protocol/lsp';

const project = join(__dirname, '..', '..', 'fixtures', 'migrate');
const file = join(project, 'components', 'net', 'src', 'socket.cpp');
const uri = pathToFileURL(file).href;
const text = readFileSync(file, 'utf8');

function apply(src: string, edits: TextEdit[]): string {
  const lines = new LineIndex(src);
  return [...edits]
    .map((e) => ({
      s: lines.offsetAt(e.range.start),
      e: lines.offsetAt(e.range.end),
      t: e.newText,
    }))
    .sort((a, b) => b.s - a.s)
    .reduce((acc, e) => acc.slice(0, e.s) + e.t + acc.slice(e.e), src);
}

function editsFor(action: CodeAction, target: string): TextEdit[] {
  const u = pathToFileURL(target).href;
  const fromChanges = action.edit?.changes?.[u] ?? [];
  const fromDocs = (action.edit?.documentChanges ?? [])
    .filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === u)
    .flatMap((c) => c.edits as TextEdit[]);
  return [...fromChanges, ...fromDocs];
}

function paramsAt(line: number, only?: string[]): CodeActionParams {
  return {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 200 } },
    context: { diagnostics: [], only },
  };
}

const socketLine = text.split('\n').findIndex((l) => l.includes('auto socket = std::make_shared'));

void describe('provideCodeActions', () => {
  test('quick fix: rewrites the call, adds the include and creates the header', async () => {
    const findings = await analyzeText(text);
    const actions = await provideCodeActions(
      paramsAt(socketLine),
      { text, uri },
      findings,
      DEFAULT_SETTINGS,
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.match(fix.title, /psram::make_shared.*adds the PSRAM header/);
    // The header is its own component: its CMakeLists.txt and include/psram_shared.hpp.
    const created = (fix.edit?.documentChanges ?? [])
      .filter((c) => 'kind' in c && c.kind === 'create')
      .map((c) => ('uri' in c ? c.uri : ''));
    const component = join(project, 'components', 'psram_shared');
    assert.deepEqual(created, [
      pathToFileURL(join(component, 'CMakeLists.txt')).href,
      pathToFileURL(join(component, 'include', 'psram_shared.hpp')).href,
    ]);
    const after = apply(text, editsFor(fix, file));
    assert.ok(after.includes('auto socket = psram::make_shared<Socket>(host, /* port */ port);'));
    assert.ok(after.includes('#include "psram_shared.hpp"\n'));
    // After the edit the extension says once that the header was created, and where.
    assert.deepEqual(fix.command?.command, HEADER_CREATED_COMMAND);
    assert.deepEqual(fix.command?.arguments, [join(component, 'include', 'psram_shared.hpp')]);
    // The light bulb (quick fixes only) offers fixing the whole file as well.
    const all = actions.find((a) => /fix all \d+ sites in this file/.test(a.title));
    assert.equal(all?.kind, 'quickfix');
    // Only that one call changed: every other finding is still there.
    assert.equal((await analyzeText(after)).length, findings.length - 1);
  });

  test('ignore this line / this file insert the suppression comments the analyzer honours', async () => {
    const findings = await analyzeText(text);
    const actions = await provideCodeActions(
      paramsAt(socketLine),
      { text, uri },
      findings,
      DEFAULT_SETTINGS,
    );
    const line = actions.find((a) => a.title.startsWith('Ignore PSR001 on this line'));
    const whole = actions.find((a) =>
      a.title.startsWith('Ignore PSRAM Lens findings in this file'),
    );
    assert.ok(line && whole);
    const ignoredLine = apply(text, editsFor(line, file));
    assert.ok(ignoredLine.includes('  // psram-lens: ignore\n  auto socket = std::make_shared'));
    assert.equal((await analyzeText(ignoredLine)).length, findings.length - 1);
    assert.deepEqual(await analyzeText(apply(text, editsFor(whole, file))), []);
  });

  test('source.fixAll.psramLens rewrites every fixable site of the file in one action', async () => {
    const findings = await analyzeText(text);
    const actions = await provideCodeActions(
      paramsAt(0, [FIX_ALL_KIND]),
      { text, uri },
      findings,
      DEFAULT_SETTINGS,
    );
    assert.deepEqual(
      actions.map((a) => a.kind),
      [FIX_ALL_KIND],
    );
    const after = apply(text, editsFor(actions[0], file));
    const left = (await analyzeText(after)).filter((f) => f.fixable);
    assert.deepEqual(left, []);
  });

  test('unqualified style: the platform header gets the using-declarations', async () => {
    const findings = await analyzeText(text);
    const settings = {
      ...DEFAULT_SETTINGS,
      fix: { ...DEFAULT_SETTINGS.fix, style: 'unqualified' as const },
    };
    const actions = await provideCodeActions(
      paramsAt(socketLine),
      { text, uri },
      findings,
      settings,
    );
    const fix = actions.find((a) => a.isPreferred)!;
    const common = join(project, 'components', 'net', 'include', 'net', 'common.hpp');
    const header = apply(readFileSync(common, 'utf8'), editsFor(fix, common));
    assert.match(
      header,
      /using std::enable_shared_from_this;\nusing psram::make_shared;\nusing psram::allocate_shared;\n/,
    );
    assert.ok(apply(text, editsFor(fix, file)).includes('auto socket = make_shared<Socket>('));
  });
});
