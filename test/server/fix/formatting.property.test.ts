/**
 * Property tests: files with random formatting (spaces, tabs, comments, line breaks inside the
 * call, CRLF or LF, BOM, trailing spaces) migrate to exactly the text built independently here,
 * so every byte outside the callee names is kept, and a second migration changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { migrateText, planText } from './helpers';

const ws = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const comment = fc.constantFrom('', ' /* c */ ', '/*x*/');
const callee = fc.constantFrom(
  'std::make_shared',
  '::std::make_shared',
  'std :: make_shared',
  'std::\t make_shared',
);
const type = fc.constantFrom('int', 'long', 'std::string', 'std::vector<int>', 'Point');
const arg = fc.constantFrom('1', '42', '"text"', 'x', 'Point{1, 2}', 'std::string("s")');

const call = fc.record({
  callee,
  type,
  args: fc.array(fc.tuple(ws, comment, arg), { maxLength: 3 }),
  a: ws,
  b: ws,
  c: ws,
  brk: fc.boolean(),
  trail: ws,
});

const file = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n'),
  calls: fc.array(call, { minLength: 1, maxLength: 5 }),
});

type Gen = typeof file extends fc.Arbitrary<infer T> ? T : never;

/** The source text, with `name` in place of every callee. */
function render(g: Gen, name: (original: string) => string, include: string): string {
  const head = `${g.bom ? '\uFEFF' : ''}#include <memory>${g.eol}#include <string>${g.eol}#include <vector>${g.eol}${include}`;
  const decls = `struct Point { Point(int, int) {} };${g.eol}inline int x = 0;${g.eol}`;
  const body = g.calls
    .map((c, i) => {
      const args = c.args.map(([w, k, v]) => `${w}${k}${v}`).join(',');
      const open = c.brk ? `(${g.eol}\t` : '(';
      return `auto v${i} =${c.a}${name(c.callee)}${c.b}<${c.c}${c.type}${c.c}>${open}${args})${c.trail};${c.trail}${g.eol}`;
    })
    .join('');
  return head + decls + body;
}

test('byte-exact outside the rewritten names, whatever the formatting', async () => {
  await fc.assert(
    fc.asyncProperty(file, async (g) => {
      const before = render(g, (c) => c, '');
      const after = await migrateText(before);
      assert.equal(
        after,
        render(g, () => 'psram::make_shared', `#include "psram_shared.hpp"${g.eol}`),
      );
    }),
    { numRuns: 40 },
  );
});

test('a second migration changes nothing (both styles)', async () => {
  await fc.assert(
    fc.asyncProperty(
      file,
      fc.constantFrom('qualified' as const, 'unqualified' as const),
      async (g, style) => {
        const once = await migrateText(
          render(g, (c) => c, ''),
          style,
        );
        const again = await planText(once, style);
        assert.equal(again.files.length, 0);
        assert.equal(again.sites, 0);
      },
    ),
    { numRuns: 30 },
  );
});
