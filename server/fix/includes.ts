/**
 * Includes: where a new `#include` goes (after the file's top-level includes, always before the
 * first rewritten call: C++17 parses `name<T>(` as a template call only if a template `name` is
 * declared before it), and whether a file already reaches a header through its quoted includes.
 */
import { join, resolve } from 'node:path';
import type { Node } from '../analysis/parser';
import { named } from '../analysis/syntax';
import type { ProjectLayout } from './projectLayout';
import { type TextEdit, dominantEol, endOfLine } from './textEdit';

export interface IncludeDirective {
  spelled: string;
  offset: number;
}

const QUOTED_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm;

/** Quoted includes of a text, in order (every preprocessor branch). */
export function quotedIncludes(text: string): IncludeDirective[] {
  return [...text.matchAll(QUOTED_INCLUDE)].map((m) => ({ spelled: m[1], offset: m.index }));
}

/** The body that holds a file's top-level declarations: inside an include guard if there is one. */
function topLevel(root: Node): Node {
  const kids = named(root).filter((c) => c.type !== 'comment');
  const only = kids.length === 1 ? kids[0] : null;
  if (only?.type === 'preproc_ifdef' && /^#\s*ifndef/.test(only.text)) {
    const name = only.childForFieldName('name')?.text;
    const def = named(only).find((c) => c.type === 'preproc_def');
    if (name && def?.childForFieldName('name')?.text === name) return only;
  }
  return root;
}

/**
 * Offset where a new include line goes: with the file's project includes (after the last quoted
 * top-level include before `before`), else after the last top-level include.
 */
export function includeInsertionOffset(root: Node, text: string, before: number): number {
  const scope = topLevel(root);
  let anchor: Node | null = null;
  let quoted: Node | null = null;
  let leadingCommentEnd = text.startsWith('\uFEFF') ? 1 : 0;
  let sawCode = false;
  for (const c of named(scope)) {
    if (c.startIndex >= before) break;
    if (c.type === 'preproc_include') {
      anchor = c;
      if (c.childForFieldName('path')?.type === 'string_literal') quoted = c;
    } else if (!anchor && (c.type === 'preproc_def' || /^#\s*pragma\s+once/.test(c.text))) {
      anchor = c;
    } else if (c.type === 'comment' && !sawCode && scope === root) {
      leadingCommentEnd = endOfLine(text, c.endIndex - 1);
    } else if (c.type !== 'preproc_call' && c.type !== 'comment') sawCode = true;
  }
  if (scope !== root && !anchor) {
    anchor = named(scope).find((c) => c.type === 'preproc_def') ?? null;
  }
  anchor = quoted ?? anchor;
  return anchor ? endOfLine(text, anchor.startIndex) : leadingCommentEnd;
}

/** The edit adding `#include "spelled"` to a file (with the file's own line ending). */
export function includeEdit(root: Node, text: string, before: number, spelled: string): TextEdit {
  const at = includeInsertionOffset(root, text, before);
  const eol = dominantEol(text);
  const needsBreak = at > 0 && at === text.length && !/[\r\n]$/.test(text);
  return {
    start: at,
    end: at,
    newText: `${needsBreak ? eol : ''}#include "${spelled}"${eol}`,
    label: 'include',
  };
}

/**
 * Include reachability over a project's quoted includes. `textOf` gives the text a file will have
 * (edited texts included), so a platform header that gains the include counts at once.
 */
export class IncludeGraph {
  private readonly memo = new Map<string, Set<string>>();

  constructor(
    private readonly layout: ProjectLayout,
    private readonly textOf: (path: string) => string | undefined,
  ) {}

  private targets(file: string, before = Infinity): string[] {
    const text = this.textOf(file);
    if (text === undefined) return [];
    const out: string[] = [];
    for (const inc of quotedIncludes(text)) {
      if (inc.offset >= before) break;
      const p = this.layout.resolve(file, inc.spelled, (x) => this.textOf(x) !== undefined);
      out.push(p ?? resolve(join(file, '..', inc.spelled)));
    }
    return out;
  }

  /** Every file a file includes, transitively. */
  private closure(file: string): Set<string> {
    const cached = this.memo.get(file);
    if (cached) return cached;
    const seen = new Set<string>();
    this.memo.set(file, seen);
    const stack = this.targets(file);
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      stack.push(...this.targets(f));
    }
    return seen;
  }

  /** True when `file` includes `header` (directly or not) before offset `before`. */
  reaches(file: string, header: string, before = Infinity): boolean {
    for (const t of this.targets(file, before)) {
      if (t === header || this.closure(t).has(header)) return true;
    }
    return false;
  }
}
