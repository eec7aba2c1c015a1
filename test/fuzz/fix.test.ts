/**
 * Fuzz: `fix` on random C++ (the formatting generator of test/server/fix/formattingGen.ts with
 * random edits: comments, braces, strings, templates, line breaks of every kind, non-BMP text).
 * Oracles: byte-exactness (with the include line and every spelling of the factory removed, the
 * text after the fix equals the text before, byte for byte, for the first and a second run) and
 * idempotence (a second fix changes nothing) for sources that parse without syntax errors. On
 * broken code a fix may unlock a site that error recovery hid before (the include line moves the
 * recovery point), so a second run may fix more there; it still changes nothing else.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { file, render } from '../server/fix/formattingGen';
import { migrateText, planText } from '../server/fix/helpers';
import { abstractEdit, type AbstractEdit } from '../server/lsp/randomEdits';
import { type Parser, createCppParser } from '../../server/analysis/parser';
import { budget, timeout } from './budget';

/** Every spelling of a make_shared callee, and the include line the fix adds. */
const CALLEE =
  /(?:(?:::\s*)?(?:std\s*::\s*|psram::))?make_shared|#include "psram_shared\.hpp"(?:\r\n|\n|\r)?/g;
const strip = (text: string) => text.replace(CALLEE, '');

/** The edits applied to a text by offset (fractions of its length, as the LSP fuzz does). */
function edit(text: string, edits: AbstractEdit[]): string {
  let t = text;
  for (const e of edits) {
    let at = Math.floor(e.at * t.length);
    // Never split a surrogate pair (the editor would not either).
    if (at > 0 && /[\uDC00-\uDFFF]/.test(t[at] ?? '')) at--;
    let end = Math.min(t.length, at + e.deleteLength);
    if (/[\uDC00-\uDFFF]/.test(t[end] ?? '')) end++;
    t = t.slice(0, at) + e.insert + t.slice(end);
  }
  return t;
}

/** Edits that add no `shared_ptr<T>(new T)` (its fix rewrites more than the callee name). */
const callEdit = abstractEdit.filter((e) => !e.insert.includes('new '));

let parser: Parser;
before(async () => {
  parser = await createCppParser();
});

void describe('fuzz: fix on random C++ edits', () => {
  void test(
    'byte-exact outside the factory names, and a second fix changes nothing',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(file, fc.array(callEdit, { maxLength: 6 }), async (g, edits) => {
          const before = edit(
            render(g, (c) => c, ''),
            edits,
          );
          const after = await migrateText(before);
          assert.equal(strip(after), strip(before), 'only factory names and the include changed');
          const again = await planText(after);
          const tree = parser.parse(before);
          const broken = tree?.rootNode.hasError ?? true;
          tree?.delete();
          if (!broken) assert.equal(again.files.length, 0, 'idempotent');
          const twice = again.files[0]?.after ?? after;
          assert.equal(strip(twice), strip(before), 'a second run changes nothing else either');
        }),
        budget(1200),
      );
    },
  );
});
