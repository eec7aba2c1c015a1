/**
 * Open documents under incremental sync. Each LSP content change is applied in order and reported
 * as a tree-sitter edit against the text it applies to, so the cached tree can be edited in step
 * and re-parsed incrementally later (several changes may arrive before the next parse).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Edit, Point } from '../analysis/parser';

/**
 * Applies `changes` in order. `onEdit` receives the tree-sitter edit of each ranged change, or
 * null for a whole-text replacement (the tree cannot be kept then).
 */
export function applyChanges(
  doc: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
  version: number,
  onEdit: (edit: Edit | null) => void,
): TextDocument {
  let current = doc;
  for (const change of changes) {
    if ('range' in change) {
      const a = current.offsetAt(change.range.start);
      const b = current.offsetAt(change.range.end);
      const edit = treeEdit(current.getText(), Math.min(a, b), Math.max(a, b), change.text);
      current = TextDocument.update(current, [change], version);
      onEdit(edit);
    } else {
      current = TextDocument.update(current, [change], version);
      onEdit(null);
    }
  }
  return current;
}

/** The edit that replaces `text[start, oldEnd)` by `inserted`. Indices and columns are UTF-16 units, as in web-tree-sitter. */
export function treeEdit(text: string, start: number, oldEnd: number, inserted: string): Edit {
  const startPosition = pointAt(text, start);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition: advance(startPosition, text.slice(start, oldEnd)),
    newEndPosition: advance(startPosition, inserted),
  };
}

/**
 * Tree-sitter's point of an index: rows count `\n` only (a lone `\r` does not start a row for
 * tree-sitter, unlike LSP), so it is computed here rather than taken from the LSP position.
 */
export function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

function advance(from: Point, s: string): Point {
  const last = s.lastIndexOf('\n');
  if (last === -1) return { row: from.row, column: from.column + s.length };
  let rows = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: s.length - last - 1 };
}
