/**
 * One finding → one text edit at its call site. Only the callee name is replaced (PSR001,
 * PSR002, PSR004), so template arguments, arguments, comments and formatting stay byte-for-byte;
 * PSR003 replaces the raw `new T(args)` (or the whole `shared_ptr<T>(new T(args))` /
 * `p.reset(new T(args))`) with a factory call that keeps `T` and `args` as written.
 */
import type { Finding, FixSite } from '../analysis/findings';
import type { Node } from '../analysis/parser';
import { named } from '../analysis/syntax';
import { type TextEdit, startOfLine } from './textEdit';

export type FactoryName = 'make_shared' | 'allocate_shared';
/** Spells the factory at a call site (`psram::make_shared` or `make_shared`). */
export type Speller = (at: Node, factory: FactoryName) => string;

export type SiteOutcome =
  /** `extra`: indentation edits keeping continuation lines aligned to the call's parenthesis. */
  | { kind: 'edit'; edit: TextEdit; at: number; extra?: TextEdit[] }
  | { kind: 'unchanged' }
  | { kind: 'refused'; at: number; reason: string };

/** The smallest node covering a span. */
function nodeAt(root: Node, start: number, end: number): Node {
  return root.descendantForIndex(start, Math.max(start, end - 1)) ?? root;
}

/** A statement or declaration around the node that contains a syntax error, if any. */
function brokenSyntax(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'ERROR' || n.isMissing) return true;
    if (/(_statement|declaration|_definition)$/.test(n.type) || n.type === 'translation_unit') {
      return n.type !== 'translation_unit' && n.hasError;
    }
  }
  return false;
}

export function rewriteSite(
  finding: Finding,
  root: Node,
  text: string,
  spell: Speller,
): SiteOutcome {
  const fix = finding.fix;
  if (!fix || !finding.fixable) return { kind: 'unchanged' };
  const at = fix.exprStart;
  const expr = nodeAt(root, fix.exprStart, fix.exprEnd);
  // Lookups start from the expression, not the root: a block with thousands of statements makes
  // every root lookup walk them (fix stays linear in sites per file).
  const within = (start: number, end: number): Node =>
    start >= expr.startIndex && end <= expr.endIndex
      ? nodeAt(expr, start, end)
      : nodeAt(root, start, end);
  if (brokenSyntax(expr) || brokenSyntax(within(fix.calleeStart, fix.calleeEnd))) {
    return { kind: 'refused', at, reason: 'the code around this call has syntax errors' };
  }
  if (fix.factory === 'shared_ptr_new') return rewriteNew(fix, root, text, spell);
  const call = expr.type === 'call_expression' ? expr : closest(expr, 'call_expression');
  if (!call) return { kind: 'refused', at, reason: 'the call could not be located' };
  const callee = spell(call, fix.factory);
  const old = text.slice(fix.calleeStart, fix.calleeEnd);
  // Comments written inside a qualified name (`std:: /*why*/ make_shared`) are kept in front.
  const comments = commentsIn(root, fix.calleeStart, fix.calleeEnd)
    .map((c) => (c.startsWith('//') ? `${c}\n` : `${c} `))
    .join('');
  const newText = comments + callee;
  // The factory takes one template argument (the type); std's explicit argument types
  // (`make_shared<F, int>`, `allocate_shared<T, MyAlloc<T>>`) are deduced from the arguments instead.
  const extra = extraTemplateArguments(call, text, fix);
  const edit: TextEdit = extra
    ? {
        start: fix.calleeStart,
        end: extra.end,
        newText:
          newText +
          text.slice(fix.calleeEnd, extra.keepEnd) +
          text.slice(extra.closeStart, extra.end),
      }
    : { start: fix.calleeStart, end: fix.calleeEnd, newText };
  if (!extra && newText === old) return { kind: 'unchanged' };
  return {
    kind: 'edit',
    edit,
    at,
    extra: keepAligned(text, edit, call.childForFieldName('arguments')),
  };
}

/** Column of an offset (UTF-16 units from the start of its line). */
function columnOf(text: string, offset: number): number {
  return offset - startOfLine(text, offset);
}

/**
 * Continuation lines of an argument list aligned under its first argument (indent at least that
 * column, spaces only) move with it when an edit on the first line changes its length
 * (`psram::` is two characters longer than `std::`).
 */
function keepAligned(text: string, edit: TextEdit, args: Node | null): TextEdit[] {
  const delta = edit.newText.length - (edit.end - edit.start);
  if (!args || delta === 0 || /[\r\n]/.test(edit.newText)) return [];
  const open = args.startIndex;
  if (open < edit.end || /[\r\n]/.test(text.slice(edit.end, open))) return [];
  const column = columnOf(text, open + 1);
  const out: TextEdit[] = [];
  for (
    let i = text.indexOf('\n', open);
    i >= 0 && i < args.endIndex;
    i = text.indexOf('\n', i + 1)
  ) {
    const lineStart = i + 1;
    const indent = /^ */.exec(text.slice(lineStart, lineStart + column + 1))![0].length;
    if (indent < column) continue;
    out.push(
      delta > 0
        ? { start: lineStart, end: lineStart, newText: ' '.repeat(delta), label: 'alignment' }
        : { start: lineStart, end: lineStart - delta, newText: '', label: 'alignment' },
    );
  }
  return out;
}

/** Shifts the continuation lines of `s` indented at least `from` columns by `to - from`. */
function realign(s: string, from: number, to: number): string {
  if (from === to) return s;
  return s.replace(/(\r?\n|\r)( *)/g, (all, eol: string, indent: string) =>
    indent.length >= from ? eol + ' '.repeat(Math.max(0, indent.length + to - from)) : all,
  );
}

/**
 * When the call names more than one template argument: where the first one ends, where the
 * closing `>` starts and where the list ends. Null for `<T>` or no list.
 */
function extraTemplateArguments(
  root: Node,
  text: string,
  fix: FixSite,
): { keepEnd: number; closeStart: number; end: number } | null {
  if (fix.templateArgsStart === undefined || fix.templateArgsEnd === undefined) return null;
  let list: Node | null = nodeAt(root, fix.templateArgsStart, fix.templateArgsEnd);
  while (list && list.type !== 'template_argument_list') list = list.parent;
  if (!list || list.startIndex !== fix.templateArgsStart) return null;
  const args = named(list).filter((c) => c.type !== 'comment');
  if (args.length < 2) return null;
  const close = list.child(list.childCount - 1);
  if (close?.type !== '>') return null;
  // Whitespace before `>` is kept (`< A >` stays `< A >`).
  let closeStart = close.startIndex;
  const last = args[args.length - 1];
  while (closeStart > last.endIndex && /\s/.test(text[closeStart - 1])) {
    closeStart--;
  }
  return { keepEnd: args[0].endIndex, closeStart, end: list.endIndex };
}

function closest(n: Node, type: string): Node | null {
  for (let p: Node | null = n; p; p = p.parent) if (p.type === type) return p;
  return null;
}

function commentsIn(root: Node, start: number, end: number): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.endIndex <= start || n.startIndex >= end) return;
    if (n.type === 'comment') out.push(n.text);
    else for (const c of named(n)) walk(c);
  };
  walk(nodeAt(root, start, end));
  return out;
}

/** PSR003. */
function rewriteNew(fix: FixSite, root: Node, text: string, spell: Speller): SiteOutcome {
  const at = fix.exprStart;
  const refuse = (reason: string): SiteOutcome => ({ kind: 'refused', at, reason });
  if (fix.newExprStart === undefined || fix.newExprEnd === undefined) {
    return refuse('the new-expression could not be located');
  }
  let newExpr: Node | null = nodeAt(root, fix.newExprStart, fix.newExprEnd);
  if (newExpr.type !== 'new_expression') newExpr = closest(newExpr, 'new_expression');
  if (!newExpr) return refuse('the new-expression could not be located');
  const type = newExpr.childForFieldName('type');
  const args = newExpr.childForFieldName('arguments');
  const placement = newExpr.childForFieldName('placement');
  if (placement && /\bnothrow\b/.test(placement.text)) {
    return refuse(
      'new (std::nothrow) returns null when memory runs out, the factory throws or aborts instead: the failure handling would change',
    );
  }
  if (!type || placement) return refuse('placement new is not rewritten');
  if (newExpr.childForFieldName('declarator')) return refuse('array new is not rewritten');
  let argText: string;
  if (!args) argText = '';
  else if (args.type === 'argument_list') {
    argText = text.slice(args.startIndex + 1, args.endIndex - 1);
  } else if (named(args).length === 0) argText = '';
  // make_shared initialises with parentheses: `new T{a, b}` (aggregates) has no equivalent in C++17.
  else return refuse('brace-initialised new T{...} has no make_shared equivalent in C++17');

  const list = newExpr.parent;
  if (!list || (list.type !== 'argument_list' && list.type !== 'initializer_list')) {
    return refuse('the raw new is not the argument of a shared_ptr');
  }
  if (named(list).filter((c) => c.type !== 'comment').length > 1) {
    return refuse('a custom deleter or allocator is kept as written');
  }
  const typeText = text.slice(type.startIndex, type.endIndex);
  if (constructsOwnClass(newExpr, typeText)) {
    return refuse(`${typeText} is built inside its own class (its constructor may be private)`);
  }
  const head = `${spell(newExpr, 'make_shared')}<${typeText}>(`;
  const argColumn = args?.type === 'argument_list' ? columnOf(text, args.startIndex + 1) : 0;
  /** The edit replacing [start, end) with prefix + factory call + suffix, arguments kept aligned. */
  const edit = (start: number, end: number, prefix: string, suffix = ''): SiteOutcome => {
    const to = columnOf(text, start) + prefix.length + head.length;
    const call = `${head}${argColumn ? realign(argText, argColumn, to) : argText})`;
    return { kind: 'edit', edit: { start, end, newText: prefix + call + suffix }, at };
  };
  const holder = list.parent;

  // p.reset(new T(args)) → p = factory<T>(args)
  const fn = holder?.type === 'call_expression' ? holder.childForFieldName('function') : null;
  if (
    holder &&
    fn?.type === 'field_expression' &&
    fn.childForFieldName('field')?.text === 'reset'
  ) {
    const receiver = fn.childForFieldName('argument');
    if (!receiver) return refuse('the reset() receiver could not be located');
    const arrow = /->\s*reset$/.test(fn.text);
    const recv = text.slice(receiver.startIndex, receiver.endIndex);
    const target = arrow ? `*${/^[\w.]+$/.test(recv) ? recv : `(${recv})`}` : recv;
    const statement = holder.parent?.type === 'expression_statement';
    return statement
      ? edit(holder.startIndex, holder.endIndex, `${target} = `)
      : edit(holder.startIndex, holder.endIndex, `(${target} = `, ')');
  }
  // std::shared_ptr<T> p(new T(args)) → auto p = factory<T>(args) in a block (same T, one
  // declarator); otherwise std::shared_ptr<B> p = factory<T>(args), as a person writes it.
  if (holder?.type === 'init_declarator' || holder?.type === 'field_declaration') {
    const name =
      holder.type === 'init_declarator'
        ? holder.childForFieldName('declarator')
        : holder.childForFieldName('declarator');
    if (name && name.endIndex <= list.startIndex) {
      const decl = holder.type === 'init_declarator' ? holder.parent : holder;
      const declType = decl?.childForFieldName('type');
      const single =
        decl?.type === 'declaration' && decl.childrenForFieldName('declarator').length === 1;
      const inBlock = decl?.parent?.type === 'compound_statement';
      if (declType && single && inBlock && sameType(pointee(declType.text), typeText)) {
        const between = text.slice(declType.endIndex, name.endIndex);
        return edit(declType.startIndex, list.endIndex, `auto${between} = `);
      }
      return edit(name.endIndex, list.endIndex, ' = ');
    }
  }
  // shared_ptr<T>(new T(args)) of the same T → factory<T>(args); another T keeps the conversion.
  const isCast =
    holder?.type === 'call_expression' || holder?.type === 'compound_literal_expression';
  if (holder && isCast && sameType(castType(holder), typeText)) {
    return edit(holder.startIndex, holder.endIndex, '');
  }
  return edit(newExpr.startIndex, newExpr.endIndex, '');
}

/** `T` of a spelled `std::shared_ptr<T>` / `shared_ptr<T>` type, or null for any other type. */
function pointee(type: string): string | null {
  const m = /^(?:(?:::\s*)?std\s*::\s*)?shared_ptr\s*<([\s\S]*)>$/.exec(type.trim());
  return m ? m[1] : null;
}

function castType(holder: Node): string | null {
  const fn = holder.childForFieldName('function') ?? holder.childForFieldName('type');
  const m = fn ? /<([\s\S]*)>\s*$/.exec(fn.text) : null;
  return m ? m[1] : null;
}

function sameType(a: string | null, b: string): boolean {
  return a !== null && a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/** `new Widget` inside Widget's own members: make_shared cannot reach a private constructor. */
function constructsOwnClass(newExpr: Node, typeText: string): boolean {
  const cls = typeText
    .replace(/<[\s\S]*$/, '')
    .split('::')
    .pop()
    ?.trim();
  if (!cls) return false;
  for (let p = newExpr.parent; p; p = p.parent) {
    if (p.type === 'class_specifier' || p.type === 'struct_specifier') {
      if (
        p
          .childForFieldName('name')
          ?.text.replace(/<[\s\S]*$/, '')
          .split('::')
          .pop() === cls
      ) {
        return true;
      }
    }
    if (p.type === 'function_definition') {
      const decl = p.childForFieldName('declarator')?.text ?? '';
      if (new RegExp(`(^|[\\s*&:])${cls}\\s*(<[^>]*>)?\\s*::`).test(decl)) return true;
    }
  }
  return false;
}
