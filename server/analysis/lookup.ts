/**
 * Just enough C++ name lookup to tell whether a `make_shared` resolves to std's:
 * using-directives, using-declarations, namespace aliases and factory declarations, each
 * visible in its scope after the point of declaration (C++17 declaration-before-use).
 * A using-directive makes std's names appear as if declared in the global namespace, so any
 * declaration in an inner scope is nearer than it.
 */
import type { Node } from './parser';
import {
  enclosingNamespaces,
  enclosingScope,
  named,
  qualifiedSegments,
  scopeChain,
  scopeKey,
} from './syntax';

interface Visible {
  /** Key of the scope the declaration lives in (see scopeKey). */
  scope: string;
  /** Offset after which it is visible. */
  pos: number;
}

export interface UsingDecl extends Visible {
  kind: 'directive' | 'declaration';
  /** Namespace segments (`['std']`, `['', 'std']`, `['psram']`). */
  target: string[];
  /** For declarations: the declared name (`make_shared`). */
  name?: string;
}

export interface Alias extends Visible {
  name: string;
  target: string[];
}

export interface FactoryDecl extends Visible {
  name: string;
  /** Qualified namespace holding it (`rtc`, `app::detail`, or '' for global). */
  namespace: string;
}

export interface Declarations {
  usings: UsingDecl[];
  aliases: Alias[];
  factories: FactoryDecl[];
}

const FACTORIES = new Set(['make_shared', 'allocate_shared']);

/** Records a declaration that `node` (a `using`, `namespace` or factory-name token) introduces. */
export function collectDeclaration(node: Node, decls: Declarations): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (node.type === 'using' && parent.type === 'using_declaration') {
    const scope = scopeKey(enclosingScope(parent));
    const target = named(parent).find((c) => c.type !== 'comment');
    if (!target) return true;
    const segments = qualifiedSegments(target);
    if (/^using\s+namespace\b/.test(parent.text)) {
      decls.usings.push({ kind: 'directive', target: segments, scope, pos: parent.endIndex });
    } else if (FACTORIES.has(segments[segments.length - 1])) {
      const name = segments[segments.length - 1];
      decls.usings.push({
        kind: 'declaration',
        target: segments.slice(0, -1),
        name,
        scope,
        pos: parent.endIndex,
      });
    }
    return true;
  }
  if (node.type === 'namespace' && parent.type === 'namespace_alias_definition') {
    const name = parent.childForFieldName('name');
    const target = named(parent).find((c) => c.id !== name?.id);
    if (name && target) {
      const scope = scopeKey(enclosingScope(parent));
      decls.aliases.push({
        name: name.text,
        target: qualifiedSegments(target),
        scope,
        pos: parent.endIndex,
      });
    }
    return true;
  }
  if (FACTORIES.has(node.text) && node.type === 'identifier' && isDeclaratorName(node)) {
    const scope = scopeKey(enclosingScope(node));
    decls.factories.push({
      name: node.text,
      namespace: enclosingNamespaces(node).join('::'),
      scope,
      pos: node.endIndex,
    });
    return true;
  }
  return false;
}

/** `make_shared` as the name being declared: a function (template) or a variable (template). */
function isDeclaratorName(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'function_declarator' || p.type === 'init_declarator') {
    return p.childForFieldName('declarator')?.id === id.id;
  }
  if (p.type === 'declaration') {
    return p.childrenForFieldName('declarator').some((d) => d?.id === id.id);
  }
  return false;
}

function visibleAt(d: Visible, chainIds: Set<string>, at: Node): boolean {
  return chainIds.has(d.scope) && d.pos <= at.startIndex;
}

/** Resolves a namespace path as written at `at` to 'std' or 'other', following aliases. */
export function resolveNamespace(
  segments: string[],
  at: Node,
  decls: Declarations,
  depth = 0,
): 'std' | 'other' {
  if (segments.length === 0 || depth > 8) return 'other';
  if (segments[0] === '') return segments.length === 2 && segments[1] === 'std' ? 'std' : 'other';
  const chainIds = new Set(scopeChain(at).map(scopeKey));
  const alias = decls.aliases
    .filter((a) => a.name === segments[0] && visibleAt(a, chainIds, at))
    .sort((a, b) => b.pos - a.pos)[0];
  if (alias) return resolveNamespace([...alias.target, ...segments.slice(1)], at, decls, depth + 1);
  return segments.length === 1 && segments[0] === 'std' ? 'std' : 'other';
}

export type Resolution =
  | { kind: 'std'; via: string }
  | { kind: 'factory' }
  /** Only a using-directive makes it std: another file may still declare a nearer factory in `namespaces`. */
  | { kind: 'none' };

/** Where an unqualified `make_shared` / `allocate_shared` called at `at` resolves to. */
export function resolveUnqualified(name: string, at: Node, decls: Declarations): Resolution {
  const chain = scopeChain(at);
  const chainIds = new Set(chain.map(scopeKey));
  for (const scope of chain) {
    const key = scopeKey(scope);
    const nearest = [
      ...decls.usings.filter((u) => u.kind === 'declaration' && u.name === name && u.scope === key),
      ...decls.factories.filter((f) => f.name === name && f.scope === key),
    ]
      .filter((d) => d.pos <= at.startIndex)
      .sort((a, b) => b.pos - a.pos)[0];
    if (!nearest) continue;
    if ('kind' in nearest && resolveNamespace(nearest.target, at, decls) === 'std') {
      return { kind: 'std', via: `using std::${name};` };
    }
    return { kind: 'factory' };
  }
  const directive = decls.usings.find(
    (u) =>
      u.kind === 'directive' &&
      visibleAt(u, chainIds, at) &&
      resolveNamespace(u.target, at, decls) === 'std',
  );
  return directive ? { kind: 'std', via: 'using namespace std;' } : { kind: 'none' };
}
