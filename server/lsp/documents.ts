/**
 * Open documents under incremental sync. Each LSP content change is applied in order and reported
 * as a tree-sitter edit against the text it applies to, so the cached tree can be edited in step
 * and re-parsed incrementally later (several changes may arrive before the next parse).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
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

/**
 * Where `range` is after `changes` (LSP positions, applied in order), or null when a change
 * touched it. Used to keep earlier findings in place while a slow parse is deferred.
 */
export function shiftRange(
  range: Range,
  changes: readonly TextDocumentContentChangeEvent[],
): Range | null {
  let r = range;
  for (const change of changes) {
    if (!('range' in change)) return null;
    const { start, end } = change.range;
    if (before(r.end, start) || equal(r.end, start)) continue;
    if (before(r.start, end)) return null;
    const lines = change.text.split(/\r\n|\r|\n/);
    const last = lines[lines.length - 1];
    const newEnd: Position =
      lines.length === 1
        ? { line: start.line, character: start.character + last.length }
        : { line: start.line + lines.length - 1, character: last.length };
    const move = (p: Position): Position =>
      p.line === end.line
        ? { line: newEnd.line, character: newEnd.character + (p.character - end.character) }
        : { line: p.line + newEnd.line - end.line, character: p.character };
    r = { start: move(r.start), end: move(r.end) };
  }
  return r;
}

/**
 * False when a change may join or split a `\r\n` pair (a lone `\r`, a leading `\n`, a trailing
 * `\r`): line numbers after it then do not follow from the change alone. VS Code keeps one line
 * ending per document, so its changes never do this.
 */
export function keepsLineBreaks(change: TextDocumentContentChangeEvent): boolean {
  const t = change.text;
  return 'range' in change && !/\r(?!\n)/.test(t) && !t.startsWith('\n');
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function equal(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}
