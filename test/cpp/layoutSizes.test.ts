/**
 * The layout model against the compiler: every size the analyzer prints for the rule fixtures
 * (object, control block, heap request) becomes a static_assert appended to the fixture, compiled
 * with `g++ -m32 -malign-double` (ILP32 with 8-byte-aligned double / long long, like the Xtensa and
 * RISC-V ESP targets) against libstdc++'s own control-block classes with the atomic lock policy
 * of the fixture's target (ESP32-S3, docs/reference/shared-ptr-layout.md E1).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { analyzeText } from '../../server/analysis/analyzer';
import { DEFAULT_GRADE_SETTINGS } from '../../server/analysis/grading';
import { parseSdkconfig, psramConfigFrom } from '../../server/project/sdkconfig';

const run = promisify(execFile);
const fixtures = join(__dirname, '..', 'fixtures', 'rules');
const config = psramConfigFrom(
  parseSdkconfig('CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\n').values,
);
/** Fixtures that call factories which must not resolve (they show what is not a finding). */
const ILL_FORMED = new Set(['negatives.cpp', 'unqualified.cpp']);
const POLICY = '__gnu_cxx::_S_atomic';

const ONE_BLOCK = /object (.+?) and control block \(≈(\d+) B: (\d+) \+ (\d+)\)/;
const TWO_BLOCKS = /object (.+?) \((\d+) B\) and a separate (\d+) B control block/;

/** static_asserts for every size a finding's message prints. */
function assertsFor(message: string): string[] {
  const one = ONE_BLOCK.exec(message);
  if (one) {
    const [, type, request, object, control] = one;
    const block = `std::_Sp_counted_ptr_inplace<${type}, std::allocator<${type}>, ${POLICY}>`;
    return [
      `static_assert(sizeof(${type}) == ${object}, "sizeof(${type})");`,
      `static_assert(sizeof(${block}) == ${request}, "make_shared block of ${type}");`,
      `static_assert(sizeof(${block}) - sizeof(${type}) == ${control}, "control of ${type}");`,
    ];
  }
  const two = TWO_BLOCKS.exec(message);
  if (two) {
    const [, type, object, control] = two;
    return [
      `static_assert(sizeof(${type}) == ${object}, "sizeof(${type})");`,
      `static_assert(sizeof(std::_Sp_counted_ptr<${type} *, ${POLICY}>) == ${control}, "control block of new ${type}");`,
    ];
  }
  return [];
}

let dir: string;

describe('printed sizes match g++ -m32 -malign-double', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'psram-sizes-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const files = readdirSync(fixtures).filter((f) => f.endsWith('.cpp'));
  let total = 0;
  for (const file of files) {
    test(file, async () => {
      const text = readFileSync(join(fixtures, file), 'utf8');
      const findings = await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS });
      const asserts = [...new Set(findings.flatMap((f) => assertsFor(f.message)))];
      total += asserts.length;
      const lines = text.split('\n').length;
      const path = join(dir, file);
      writeFileSync(path, `${text}\n#include <memory>\n${asserts.join('\n')}\n`);
      let stderr = '';
      try {
        await run('g++', ['-m32', '-malign-double', '-std=c++17', '-fsyntax-only', path]);
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: string };
        if (err.code === 'ENOENT') assert.fail('g++ is not installed');
        stderr = err.stderr ?? String(e);
      }
      const errors = stderr.split('\n').filter((l) => /: error: /.test(l));
      // Ill-formed fixtures may fail in their own lines; the appended asserts never may.
      const own = (l: string): boolean => {
        const m = /:(\d+):\d+: error: /.exec(l);
        return m !== null && Number(m[1]) <= lines && !/static assertion/.test(l);
      };
      const bad = ILL_FORMED.has(file) ? errors.filter((l) => !own(l)) : errors;
      assert.deepEqual(bad, [], stderr);
    });
  }
  test('the fixtures print sizes to check', () => assert.ok(total >= 30, `${total} asserts`));
});
