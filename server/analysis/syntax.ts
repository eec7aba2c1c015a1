/** Pure helpers over tree-sitter-cpp nodes. */
import type { Node } from './parser';

/** Node types that open a lexical scope for using-declarations, using-directives and aliases. */
const SCOPE_TYPES = new Set([
  'translation_unit',
  'declaration_list', // namespace body
  'compound_statement',
  'field_declaration_list',
  'lambda_expression',
]);

/** The innermost scope node that contains `node` (never `node` itself). Preprocessor branches are transparent. */
export function enclosingScope(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) return p;
  return null;
}

/**
 * Identity of a scope for lookup: a namespace body is keyed by the namespace's full name, so a
 * declaration in one `namespace x {}` block is visible in a later block that reopens `x`.
 */
export function scopeKey(scope: Node | null): string {
  if (!scope) return 'tu';
  if (scope.type === 'translation_unit') return 'tu';
  if (scope.type === 'declaration_list' && scope.parent?.type === 'namespace_definition') {
    return `ns:${enclosingNamespaces(scope).join('::')}`;
  }
  return `n:${scope.id}`;
}

/** Scopes from innermost to the translation unit. */
export function scopeChain(node: Node): Node[] {
  const out: Node[] = [];
  for (let p = node.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) out.push(p);
  return out;
}

/** The names of the namespaces enclosing a node, outermost first (`a::b` counts as two). */
export function enclosingNamespaces(node: Node): string[] {
  const names: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'namespace_definition') continue;
    const name = p.childForFieldName('name');
    if (!name) names.unshift('(anonymous)');
    else names.unshift(...name.text.split('::').map((s) => s.trim()));
  }
  return names;
}

/**
 * The segments of a (possibly qualified) name as written: `::std :: make_shared` → ['', 'std', 'make_shared'].
 * A leading '' marks the global scope. Template arguments are dropped from every segment.
 */
export function qualifiedSegments(node: Node): string[] {
  switch (node.type) {
    case 'qualified_identifier':
    case 'nested_namespace_specifier': {
      const scope = node.childForFieldName('scope');
      const name = node.childForFieldName('name');
      if (node.type === 'nested_namespace_specifier') {
        const parts = node.namedChildren.filter((c): c is Node => c !== null).map((c) => c.text);
        return node.text.trimStart().startsWith('::') ? ['', ...parts] : parts;
      }
      const head = scope
        ? qualifiedSegments(scope)
        : node.text.trimStart().startsWith('::')
          ? ['']
          : [];
      return name ? [...head, ...qualifiedSegments(name)] : head;
    }
    case 'template_function':
    case 'template_type':
    case 'template_method': {
      const name = node.childForFieldName('name');
      return name ? [name.text] : [node.text];
    }
    default:
      return [node.text];
  }
}

/** Climbs from a name node to the outermost qualified_identifier / template_function that holds it. */
export function outermostName(node: Node): Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (!p) return n;
    const isName = p.type === 'qualified_identifier' && p.childForFieldName('name')?.id === n.id;
    const isTemplate =
      (p.type === 'template_function' || p.type === 'template_type') &&
      p.childForFieldName('name')?.id === n.id;
    if (!isName && !isTemplate) return n;
    n = p;
  }
}

/** The template argument list inside a (qualified) name, if any. */
export function templateArguments(name: Node): Node | null {
  let n: Node | null = name;
  while (n) {
    if (
      n.type === 'template_function' ||
      n.type === 'template_type' ||
      n.type === 'template_method'
    ) {
      return n.childForFieldName('arguments');
    }
    n = n.type === 'qualified_identifier' ? n.childForFieldName('name') : null;
  }
  return null;
}

/** The call_expression whose `function` is exactly this node, if any. */
export function callOf(fn: Node): Node | null {
  const p = fn.parent;
  return p && p.type === 'call_expression' && p.childForFieldName('function')?.id === fn.id
    ? p
    : null;
}

/** Named children, without the nulls web-tree-sitter's typing allows. */
export function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** The first argument expression of an argument_list / initializer_list, skipping comments. */
export function firstArgument(list: Node | null): Node | null {
  if (!list) return null;
  return named(list).find((c) => c.type !== 'comment') ?? null;
}

/** `ESP_PLATFORM` conditions: +1 when the branch runs on ESP-IDF, -1 when it is host-only, 0 otherwise. */
function espPolarity(directive: Node): number {
  if (directive.type === 'preproc_ifdef') {
    const name = directive.childForFieldName('name');
    if (name?.text !== 'ESP_PLATFORM') return 0;
    return directive.text.startsWith('#ifndef') || /^#\s*ifndef/.test(directive.text) ? -1 : 1;
  }
  const cond = directive.childForFieldName('condition');
  if (!cond) return 0;
  const text = cond.text.replace(/\s+/g, '');
  if (
    text === 'defined(ESP_PLATFORM)' ||
    text === 'definedESP_PLATFORM' ||
    text === 'ESP_PLATFORM'
  ) {
    return 1;
  }
  if (
    text === '!defined(ESP_PLATFORM)' ||
    text === '!definedESP_PLATFORM' ||
    text === '!ESP_PLATFORM'
  ) {
    return -1;
  }
  return 0;
}

/**
 * True when the node sits in a preprocessor branch that is clearly host-only:
 * the body of `#ifndef ESP_PLATFORM` / `#if !defined(ESP_PLATFORM)`, or the `#else`/`#elif`
 * of `#ifdef ESP_PLATFORM` / `#if defined(ESP_PLATFORM)`.
 */
export function inHostOnlyBranch(node: Node): boolean {
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type !== 'preproc_ifdef' && p.type !== 'preproc_if' && p.type !== 'preproc_elif') {
      continue;
    }
    const polarity = espPolarity(p);
    if (polarity === 0) continue;
    const alternative = p.childForFieldName('alternative');
    const inAlternative = alternative !== null && alternative.id === child.id;
    if (polarity < 0 && !inAlternative) return true;
    if (polarity > 0 && inAlternative) return true;
  }
  return false;
}
