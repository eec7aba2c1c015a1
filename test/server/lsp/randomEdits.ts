/**
 * Random editing sessions for incremental-parsing tests: a seeded stream of LSP range changes
 * (inserts, deletes, replacements) that favour C++ tokens which change the parse (braces,
 * templates, comments, strings, line breaks of every kind, non-BMP characters), and where the
 * server clamps a position that lies outside the text (`nearest`).
 */
import fc from 'fast-check';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

const SNIPPETS = [
  'std::make_shared<Frame>()',
  '::std :: make_shared<int>(1);',
  'std::shared_ptr<Frame> p(new Frame);\n',
  'using namespace std;\n',
  'make_shared<Session>();',
  '{',
  '}',
  '(',
  ')',
  '<',
  '>>',
  ';',
  '/*',
  '*/',
  '// note\n',
  '"',
  'R"(x)"',
  '#ifndef ESP_PLATFORM\n',
  '#endif\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  'é',
  '😀',
  'template <typename T> ',
  'struct S { int x; };\n',
  'x',
];

/** One abstract edit: where (a fraction of the text), how much to delete, what to insert. */
export interface AbstractEdit {
  at: number;
  deleteLength: number;
  insert: string;
}

export const abstractEdit: fc.Arbitrary<AbstractEdit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  deleteLength: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 4, max: 40 }),
  ),
  insert: fc.oneof(
    fc.constant(''),
    fc.constantFrom(...SNIPPETS),
    fc.array(fc.constantFrom(...SNIPPETS), { minLength: 2, maxLength: 4 }).map((a) => a.join('')),
  ),
});

/** The LSP change for an abstract edit on `doc` (never splitting a surrogate pair). */
export function toChange(doc: TextDocument, e: AbstractEdit): TextDocumentContentChangeEvent {
  const text = doc.getText();
  let start = Math.floor(e.at * text.length);
  if (isLowSurrogate(text, start)) start--;
  let end = Math.min(text.length, start + e.deleteLength);
  if (isLowSurrogate(text, end)) end++;
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: e.insert };
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `count` edits from a fixed seed: the same session on every run. */
export function editSession(count: number, seed: number): AbstractEdit[] {
  return fc.sample(abstractEdit, { numRuns: count, seed });
}

/** The position inside `doc` nearest to `p`: the behaviour the server promises (reference model). */
export function nearest(doc: TextDocument, p: Position): Position {
  const lines = doc.getText().split(/\r\n|\r|\n/);
  const whole = (n: number) => (Number.isFinite(n) ? Math.floor(n) : 0);
  const line = whole(p.line);
  if (line < 0) return { line: 0, character: 0 };
  if (line >= lines.length) return { line: lines.length - 1, character: lines.at(-1)!.length };
  return { line, character: Math.min(Math.max(whole(p.character), 0), lines[line].length) };
}
