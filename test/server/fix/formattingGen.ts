/**
 * Random formatting of make_shared calls (spaces, tabs, comments, line breaks inside the call,
 * CRLF or LF, BOM, trailing spaces) and the source text they render to: shared by the property
 * tests of fix and the fuzz suite (test/fuzz/fix.test.ts).
 */
import fc from 'fast-check';

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

export const file = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n'),
  calls: fc.array(call, { minLength: 1, maxLength: 5 }),
});

export type Gen = typeof file extends fc.Arbitrary<infer T> ? T : never;

/** The source text, with `name` in place of every callee. */
export function render(g: Gen, name: (original: string) => string, include: string): string {
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
