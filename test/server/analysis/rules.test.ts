/**
 * Rule tests on fixture files: a `// @PSR00x` marker says a finding with that code starts on that
 * line; every line without a marker must have no finding. Real tree-sitter parses.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/analysis/analyzer';
import { extractFacts } from '../../../server/analysis/facts';
import { createCppParser } from '../../../server/analysis/parser';
import { ProjectIndex } from '../../../server/analysis/projectIndex';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { parseSdkconfig, psramConfigFrom } from '../../../server/project/sdkconfig';

const dir = join(__dirname, '..', '..', 'fixtures', 'rules');
const config = psramConfigFrom(
  parseSdkconfig('CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\n')
    .values,
);

function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/@(PSR\d{3})/g)) out.push(`${i + 1} ${m[1]}`);
  });
  return out.sort();
}

/** `// @PSR002:information` also names the severity the finding must have. */
function expectedSeverities(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/@(PSR\d{3}):(\w+)/g)) out.push(`${i + 1} ${m[1]} ${m[2]}`);
  });
  return out.sort();
}

describe('rules on fixtures', () => {
  const files = readdirSync(dir).filter((f) => /\.(cpp|hpp)$/.test(f));
  test('fixtures exist', () => assert.ok(files.length >= 11));
  for (const file of files) {
    test(file, async () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const findings = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
      const got = findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
      assert.deepEqual(got, expected(text));
      const severities = expectedSeverities(text);
      const gotSeverities = findings
        .map((f) => `${f.range.start.line + 1} ${f.code} ${f.severity}`)
        .filter((s) => severities.some((e) => e.startsWith(`${s.slice(0, s.lastIndexOf(' '))} `)));
      assert.deepEqual(gotSeverities.sort(), severities);
    });
  }
});

describe('cross-file facts', () => {
  test("a platform header's using-declaration makes its namespace's unqualified calls resolve to the factory", async () => {
    const parser = await createCppParser();
    const header =
      '#include "psram_shared.hpp"\nnamespace rtc { using std::shared_ptr; using psram::make_shared; }\n';
    const source =
      'using namespace std;\nnamespace rtc { void f() { auto p = make_shared<int>(); } }\nnamespace other { void g() { auto p = make_shared<int>(); } }\n';
    const index = new ProjectIndex();
    index.set('common.hpp', extractFacts(parser.parse(header)!, header));
    parser.delete();
    const findings = await analyzeText(source, {
      config,
      settings: DEFAULT_GRADE_SETTINGS,
      index,
      key: 'a.cpp',
    });
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line + 1} ${f.code}`),
      ['3 PSR004'],
    );
  });
});

describe('finding details', () => {
  test('range covers the qualified callee and its template arguments, in UTF-16 columns', async () => {
    const text = '// é😀\nauto p = "é😀" ? std::make_shared<int>() : nullptr;';
    const [f] = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
    const line = text.split('\n')[1];
    assert.equal(f.range.start.line, 1);
    assert.equal(f.range.start.character, line.indexOf('std::'));
    assert.equal(f.range.end.character, line.indexOf('()'));
  });

  test('fix site keeps template arguments and arguments apart from the callee', async () => {
    const text = 'void f() { auto p = ::std :: make_shared<Obj<int>>(1, /*c*/ "x"); }';
    const [f] = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
    assert.ok(f.fix);
    assert.equal(text.slice(f.fix.calleeStart, f.fix.calleeEnd), '::std :: make_shared');
    assert.equal(text.slice(f.fix.templateArgsStart, f.fix.templateArgsEnd), '<Obj<int>>');
    assert.deepEqual(f.fix.argumentTexts, ['1', '"x"']);
  });

  test('PSR003 fix site names the type and arguments of the new-expression', async () => {
    const text = 'struct N{int a;}; void f(){ std::shared_ptr<N> p(new N{7}); }';
    const [f] = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
    assert.equal(f.code, 'PSR003');
    assert.equal(f.fix?.newType, 'N');
    assert.equal(f.estimatedBytes, 4 + 16);
  });

  test('a site in a #define body carries document offsets and inMacroDefinition (the fix engine re-parses the body)', async () => {
    const text = '#include <memory>\n#define MAKE(T) \\\n  std::make_shared<T>(1)\nint x;\n';
    const [f] = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
    assert.equal(f.code, 'PSR001');
    assert.equal(f.range.start.line, 2);
    assert.ok(f.fix?.inMacroDefinition);
    assert.equal(text.slice(f.fix.calleeStart, f.fix.calleeEnd), 'std::make_shared');
    assert.equal(text.slice(f.fix.templateArgsStart, f.fix.templateArgsEnd), '<T>');
    assert.equal(text.slice(f.fix.exprStart, f.fix.exprEnd), 'std::make_shared<T>(1)');
  });

  test('array new is flagged but not offered a fix', async () => {
    const text = 'void f(){ std::shared_ptr<int> p(new int[4]); }';
    const [f] = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
    assert.equal(f.code, 'PSR003');
    assert.equal(f.fixable, false);
  });
});
