import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Node, type Parser, createCppParser } from '../../../server/analysis/parser';
import { applyChanges, pointAt } from '../../../server/lsp/documents';
import { TreeCache } from '../../../server/lsp/treeCache';
import { abstractEdit, editSession, toChange } from './randomEdits';

const source = readFileSync(join(__dirname, '../../fixtures/lsp/project/main/app.cpp'), 'utf8');

/** Every node's type, span and points, in document order: two trees are equal when these are. */
function shape(root: Node): string {
  const out: string[] = [];
  const cursor = root.walk();
  for (;;) {
    const n = cursor.currentNode;
    out.push(
      `${n.type}${n.isMissing ? '!' : ''} ${n.startIndex}-${n.endIndex} ` +
        `${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`,
    );
    if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
    while (cursor.gotoParent()) {
      if (cursor.gotoNextSibling()) break;
    }
    if (cursor.nodeId === root.id) break;
  }
  cursor.delete();
  return out.join('\n');
}

let parser: Parser;
let fresh: Parser;
before(async () => {
  parser = await createCppParser();
  fresh = await createCppParser();
});
after(() => {
  parser.delete();
  fresh.delete();
});

function freshShape(text: string): string {
  const t = fresh.parse(text)!;
  try {
    return shape(t.rootNode);
  } finally {
    t.delete();
  }
}

/**
 * Applies edits in batches (several changes per didChange, one parse per batch) and compares each
 * parse with a fresh one: the S-expression every time, every node's span and points every 10th
 * batch and at the end (walking every node is the slow part).
 */
function replay(
  edits: { at: number; deleteLength: number; insert: string }[],
  cache: TreeCache,
): void {
  let doc = TextDocument.create('file:///a.cpp', 'cpp', 0, source);
  cache.parse('a', doc.getText());
  const batches = Math.ceil(edits.length / 3);
  for (let b = 0; b < batches; b++) {
    for (const e of edits.slice(b * 3, b * 3 + 3)) {
      doc = applyChanges(doc, [toChange(doc, e)], doc.version + 1, (edit) =>
        cache.edit('a', edit),
      ).doc;
    }
    const tree = cache.parse('a', doc.getText());
    const full = b % 10 === 0 || b === batches - 1;
    const expected = fresh.parse(doc.getText())!;
    try {
      if (full) assert.equal(shape(tree.rootNode), shape(expected.rootNode), `after batch ${b}`);
      else assert.equal(tree.rootNode.toString(), expected.rootNode.toString(), `after batch ${b}`);
    } finally {
      expected.delete();
    }
  }
}

void describe('TreeCache: incremental re-parse', () => {
  void test('1,000 random edits: every incremental tree equals a fresh parse', () => {
    const cache = new TreeCache(parser, 4);
    replay(editSession(1000, 20261124), cache);
    cache.dispose();
  });

  void test('property: any short editing session keeps the tree exact', () => {
    const cache = new TreeCache(parser, 4);
    fc.assert(
      fc.property(fc.array(abstractEdit, { minLength: 1, maxLength: 30 }), (edits) => {
        cache.delete('a');
        replay(edits, cache);
      }),
      { numRuns: 40, seed: 7 },
    );
    cache.dispose();
  });

  void test('a whole-text replacement drops the cached tree', () => {
    const cache = new TreeCache(parser, 4);
    cache.parse('a', source);
    cache.edit('a', null);
    assert.equal(cache.has('a'), false);
    assert.equal(shape(cache.parse('a', 'int x;').rootNode), freshShape('int x;'));
    cache.dispose();
  });

  void test('the least recently parsed trees are deleted beyond capacity', () => {
    const cache = new TreeCache(parser, 2);
    cache.parse('a', 'int a;');
    cache.parse('b', 'int b;');
    cache.parse('a', 'int a2;');
    cache.parse('c', 'int c;');
    assert.equal(cache.size, 2);
    assert.equal(cache.has('b'), false);
    assert.ok(cache.has('a') && cache.has('c'));
    cache.dispose();
    assert.equal(cache.size, 0);
  });
});

void describe('pointAt', () => {
  void test('rows count \\n only, columns are UTF-16 units', () => {
    const text = 'a😀\r\nb\rc\nd';
    assert.deepEqual(pointAt(text, 0), { row: 0, column: 0 });
    assert.deepEqual(pointAt(text, 3), { row: 0, column: 3 });
    assert.deepEqual(pointAt(text, 5), { row: 1, column: 0 });
    assert.deepEqual(pointAt(text, 8), { row: 1, column: 3 });
    assert.deepEqual(pointAt(text, 9), { row: 2, column: 0 });
  });
});
