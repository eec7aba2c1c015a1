/**
 * Open documents under incremental sync. Each LSP content change is applied in order and reported
 * as a tree-sitter edit against the text it applies to, so the cached tree can be edited in step
 * and re-parsed incrementally later (several changes may arrive before the next parse).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Edit, Point } from '../analysis/parser';

export interface Applied {
  doc: TextDocument;
  /**
   * Some change named a position that is not in the text (negative, fractional, past a line's
   * end or the last line): it was clamped into the text and the tree re-parsed from scratch.
   */
  clamped: boolean;
}

/**
 * Applies `changes` in order. `onEdit` receives the tree-sitter edit of each ranged change, or
 * null for a whole-text replacement or a clamped range (the tree cannot be kept then). A change
 * that is not one at all (no string text, a range without numeric positions) is a protocol error:
 * the whole notification is refused (throws) before anything is applied.
 */
export function applyChanges(
  doc: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
  version: number,
  onEdit: (edit: Edit | null) => void,
): Applied {
  if (!Array.isArray(changes) || !changes.every(wellFormed)) {
    throw new Error('didChange: malformed content changes, notification ignored');
  }
  let current = doc;
  let clamped = false;
  for (const change of changes) {
    if ('range' in change) {
      const range = clampRange(current, change.range);
      if (range) {
        clamped = true;
        current = TextDocument.update(current, [{ range, text: change.text }], version);
        onEdit(null);
        continue;
      }
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
  return { doc: current, clamped };
}

function wellFormed(change: unknown): change is TextDocumentContentChangeEvent {
  if (typeof change !== 'object' || change === null) return false;
  const c = change as { text?: unknown; range?: { start?: unknown; end?: unknown } };
  if (typeof c.text !== 'string') return false;
  if (!('range' in c)) return true;
  return (
    typeof c.range === 'object' &&
    c.range !== null &&
    isPoint(c.range.start) &&
    isPoint(c.range.end)
  );
}

function isPoint(p: unknown): p is Position {
  const q = p as Position | null;
  return (
    typeof q === 'object' &&
    q !== null &&
    typeof q.line === 'number' &&
    typeof q.character === 'number'
  );
}

/** `range` moved into `doc` (whole numbers, existing lines, within each line), or null when it already is. */
export function clampRange(doc: TextDocument, range: Range): Range | null {
  const start = clampPosition(doc, range.start);
  const end = clampPosition(doc, range.end);
  return start || end ? { start: start ?? range.start, end: end ?? range.end } : null;
}

function clampPosition(doc: TextDocument, p: Position): Position | null {
  const whole = (n: number) => (Number.isFinite(n) ? Math.floor(n) : 0);
  const lastLine = doc.lineCount - 1;
  let line = whole(p.line);
  let character = whole(p.character);
  if (line < 0) [line, character] = [0, 0];
  // Past the last line means the end of the text (some clients name it {lineCount, 0}).
  else if (line > lastLine) [line, character] = [lastLine, Number.MAX_SAFE_INTEGER];
  character = Math.min(Math.max(character, 0), lineLength(doc, line));
  return line === p.line && character === p.character ? null : { line, character };
}

/** The length of `line` without its line break (UTF-16 units, as LSP characters count). */
function lineLength(doc: TextDocument, line: number): number {
  const text = doc.getText({
    start: { line, character: 0 },
    end: { line: line + 1, character: 0 },
  });
  return text.replace(/\r?\n$|\r$/, '').length;
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
