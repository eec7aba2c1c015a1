/**
 * Bad input for the text-matching paths (unparsed calls, misparsed declarations, #define bodies,
 * #if conditions): no exception, bounded time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/analysis/analyzer';
import { evaluate } from '../../../server/analysis/conditions';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { macroTable } from '../../../server/project/macros';
import { parseSdkconfig, psramConfigFrom } from '../../../server/project/sdkconfig';

const config = psramConfigFrom(parseSdkconfig('CONFIG_SPIRAM=y\n').values);
const macros = macroTable(new Map(), true);

async function timed(text: string): Promise<number> {
  const t0 = performance.now();
  await analyzeText(text, { config, settings: DEFAULT_GRADE_SETTINGS, macros });
  return performance.now() - t0;
}

describe('bad input', () => {
  test('unbalanced and endless template arguments, unclosed calls', async () => {
    const many = 'std::make_shared<'.repeat(2000);
    const ms = await timed(
      `void f() { auto p = ${many}int>(; std::shared_ptr<${'<'.repeat(5000)} x(new`,
    );
    assert.ok(ms < 20_000, `${ms} ms`);
  });

  test('a thousand misparsed declarations in one file', async () => {
    const line = 'TEST(std::shared_ptr<A> a(new B()); x, E);\n';
    const ms = await timed(`void f() {\n${line.repeat(1000)}}\n`);
    assert.ok(ms < 20_000, `${ms} ms`);
  });

  test('#define bodies that are not code; deep and broken #if conditions', async () => {
    const text = [
      '#define A(x) std::make_shared< x ## >(#x',
      '#define B \\',
      '  std::shared_ptr<',
      `#if ${'('.repeat(5000)}CONFIG_X${')'.repeat(5000)}`,
      'auto p = std::make_shared<int>();',
      '#endif',
      '#if CONFIG_X +',
      'auto q = std::make_shared<int>();',
      '#endif',
      '',
    ].join('\n');
    await timed(text);
    assert.equal(evaluate('('.repeat(100_000), macros), null);
    assert.equal(evaluate('1 ? 2', macros), null);
  });
});
