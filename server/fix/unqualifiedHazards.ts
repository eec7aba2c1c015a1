/**
 * What the unqualified style breaks elsewhere in a project once a platform namespace (`rtc`) gets
 * `using psram::make_shared;` (issue 12, fix 3):
 * - another `using std::make_shared;` in that same namespace (in any file) now conflicts
 *   ("conflicts with a previous declaration"): it is retargeted to the factory, not duplicated;
 * - an unqualified `make_shared<T>(...)` where both `using namespace std;` and `using namespace
 *   rtc;` are visible becomes ambiguous (two different entities found in the global namespace):
 *   such a call is migrated too, spelled qualified.
 */
import { resolveNamespace, resolveUnqualified } from '../analysis/lookup';
import type { Node, Parser } from '../analysis/parser';
import { enclosingNamespaces, scopeChain, scopeKey } from '../analysis/syntax';
import { declarationsOf } from './declarations';
import type { PlatformNamespace } from './platformHeader';
import type { FactoryName } from './siteRewrite';

export interface Retarget {
  /** Span of the using-declaration's name (`std::make_shared`). */
  start: number;
  end: number;
  /** End of the using-declaration: from here on the name is the factory. */
  pos: number;
  factory: FactoryName;
}

export interface AmbiguousCall {
  /** Span of the unqualified name. */
  start: number;
  end: number;
  factory: FactoryName;
  /** The platform namespace whose using-directive makes it ambiguous. */
  namespace: string;
}

export interface FileHazards {
  retargets: Retarget[];
  ambiguous: AmbiguousCall[];
}

const STD_USING = /\busing\s+(?:::\s*)?std\s*::\s*(?:make_shared|allocate_shared)\b/;
const FACTORY_NAME = /\b(?:make_shared|allocate_shared)\b/g;

const isFactory = (s: string): s is FactoryName => s === 'make_shared' || s === 'allocate_shared';

function usingDeclarationAt(root: Node, pos: number): Node | null {
  for (let n: Node | null = root.descendantForIndex(pos - 1); n; n = n.parent) {
    if (n.type === 'using_declaration') return n;
  }
  return null;
}

/** Hazards of one file (its text as it is before this migration), or null when it has none. */
export function findHazards(
  parser: Parser,
  text: string,
  platforms: readonly PlatformNamespace[],
): FileHazards | null {
  if (!platforms.length) return null;
  const names = [...new Set(platforms.map((p) => p.namespace))];
  const mayRetarget = STD_USING.test(text);
  const mayBeAmbiguous =
    /\busing\s+namespace\s+(?:::\s*)?std\b/.test(text) &&
    names.some((n) =>
      new RegExp(`\\busing\\s+namespace\\s+(?:::\\s*)?${n.replace(/::/g, '\\s*::\\s*')}\\b`).test(
        text,
      ),
    );
  if (!mayRetarget && !mayBeAmbiguous) return null;
  const tree = parser.parse(text);
  if (!tree) return null;
  try {
    const decls = declarationsOf(tree, text);
    const out: FileHazards = { retargets: [], ambiguous: [] };
    for (const u of decls.usings) {
      if (u.kind !== 'declaration' || !u.name || !isFactory(u.name)) continue;
      const ns = u.scope.startsWith('ns:') ? u.scope.slice(3) : null;
      if (!ns || !names.includes(ns)) continue;
      const decl = usingDeclarationAt(tree.rootNode, u.pos);
      const target = decl?.namedChildren.find((c) => c && c.type !== 'comment');
      if (!decl || !target || resolveNamespace(u.target, decl, decls) !== 'std') continue;
      out.retargets.push({
        start: target.startIndex,
        end: target.endIndex,
        pos: u.pos,
        factory: u.name,
      });
    }
    if (mayBeAmbiguous) {
      for (const m of text.matchAll(FACTORY_NAME)) {
        const id = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
        if (!id || id.type !== 'identifier' || id.startIndex !== m.index) continue;
        const tf = id.parent;
        if (tf?.type !== 'template_function' || tf.parent?.type !== 'call_expression') continue;
        const factory = m[0] as FactoryName;
        if (resolveUnqualified(factory, id, decls).kind !== 'std') continue;
        const chain = enclosingNamespaces(id).join('::');
        const keys = new Set(scopeChain(id).map(scopeKey));
        const via = decls.usings.find((u) => {
          if (u.kind !== 'directive' || !keys.has(u.scope) || u.pos > id.startIndex) return false;
          const target = u.target.filter((s, i) => i > 0 || s !== '').join('::');
          return names.includes(target) && !(chain === target || chain.startsWith(`${target}::`));
        });
        if (via) {
          out.ambiguous.push({
            start: id.startIndex,
            end: id.endIndex,
            factory,
            namespace: via.target.filter(Boolean).join('::'),
          });
        }
      }
    }
    return out.retargets.length || out.ambiguous.length ? out : null;
  } finally {
    tree.delete();
  }
}
