import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keepsLineBreaks, shiftRange } from '../../../server/lsp/documents';
import { abstractEdit, toChange } from './randomEdits';

const range = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});
const insert = (line: number, character: number, text: string) => ({
  range: { start: { line, character }, end: { line, character } },
  text,
});

void describe('shiftRange: findings follow the edits while a parse is deferred', () => {
  void test('edits before, after and inside', () => {
    const r = range(5, 4, 5, 10);
    assert.deepEqual(shiftRange(r, [insert(6, 0, 'x')]), r);
    assert.deepEqual(shiftRange(r, [insert(5, 10, 'x')]), r);
    assert.deepEqual(shiftRange(r, [insert(5, 0, 'ab')]), range(5, 6, 5, 12));
    assert.deepEqual(shiftRange(r, [insert(2, 3, 'a\r\nb\nc')]), range(7, 4, 7, 10));
    assert.deepEqual(shiftRange(r, [insert(5, 2, 'a\nbc')]), range(6, 4, 6, 10));
    assert.equal(shiftRange(r, [insert(5, 6, 'x')]), null);
    assert.equal(shiftRange(r, [{ text: 'whole' }]), null);
    assert.equal(keepsLineBreaks(insert(1, 0, 'a\rb')), false);
    assert.equal(keepsLineBreaks(insert(1, 0, '\nb')), false);
    assert.equal(keepsLineBreaks(insert(1, 0, 'a\r\nb\n')), true);
  });

  void test('property: a range untouched by the edits covers the same text afterwards', () => {
    const source = 'int a;\nauto p = std::make_shared<Foo>();\r\n  int b; // x\n\tq();\n';
    fc.assert(
      fc.property(fc.array(abstractEdit, { minLength: 1, maxLength: 6 }), (edits) => {
        let doc = TextDocument.create('u', 'cpp', 1, source);
        const start = source.indexOf('std::');
        const r = {
          start: doc.positionAt(start),
          end: doc.positionAt(start + 'std::make_shared'.length),
        };
        const changes = [];
        for (const e of edits) {
          const c = toChange(doc, e);
          // The server stops shifting at such a change (it falls back to an exact parse).
          if (!keepsLineBreaks(c)) return;
          changes.push(c);
          doc = TextDocument.update(doc, [c], doc.version + 1);
        }
        const moved = shiftRange(r, changes);
        if (moved) assert.equal(doc.getText(moved), 'std::make_shared');
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
