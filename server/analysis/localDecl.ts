/**
 * Block-scope name lookup for `p.reset(new T)`: the declaration of `p` that is visible at the call
 * inside its function (a local, a parameter, a lambda's init-capture), if any. A local hides every
 * member or global of the same name (C++ [basic.lookup.unqual]), so when one is found its type alone
 * decides; only a name with no local declaration is looked up among the project's members and globals.
 */
import type { Node } from './parser';
import { named } from './syntax';

export interface LocalDecl {
  /** The declared type as written (`std::unique_ptr<uint8_t[]>`, `auto`, `FramePtr`). */
  type: string;
  /** The initialiser's text, for `auto` declarations. */
  init: string | null;
}

const FUNCTIONS = new Set(['function_definition', 'lambda_expression']);

/** The local declaration of `name` visible at `at`, or null when the name is not a local. */
export function localDeclaration(name: string, at: Node): LocalDecl | null {
  for (let child: Node = at, p = at.parent; p; child = p, p = p.parent) {
    if (p.type === 'compound_statement') {
      // Declarations before the statement that holds the call, innermost block first.
      for (const stmt of named(p)) {
        if (stmt.startIndex >= child.startIndex) break;
        const found = declares(stmt, name);
        if (found) return found;
      }
    } else if (p.type === 'for_statement' || p.type === 'for_range_loop') {
      for (const c of named(p)) {
        if (c.id === child.id) break;
        const found = declares(c, name);
        if (found) return found;
      }
    }
    if (FUNCTIONS.has(p.type)) {
      const found = parameter(p, name);
      if (found) return found;
      // A lambda body sees the locals of the function around it; a function body sees no further.
      if (p.type === 'function_definition') return null;
    }
  }
  return null;
}

function declares(stmt: Node, name: string): LocalDecl | null {
  if (stmt.type !== 'declaration' || !stmt.text.includes(name)) return null;
  const type = stmt.childForFieldName('type');
  for (const d of stmt.childrenForFieldName('declarator')) {
    if (!d || declaredName(d) !== name) continue;
    const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
    return { type: type?.text ?? '', init: value?.text ?? null };
  }
  return null;
}

function parameter(fn: Node, name: string): LocalDecl | null {
  if (fn.type === 'lambda_expression') {
    const captures = fn.childForFieldName('captures');
    for (const c of captures ? named(captures) : []) {
      if (c.type === 'lambda_capture_initializer' && c.childForFieldName('left')?.text === name) {
        return { type: 'auto', init: c.childForFieldName('right')?.text ?? null };
      }
    }
  }
  let declarator = fn.childForFieldName('declarator');
  while (
    declarator &&
    declarator.type !== 'function_declarator' &&
    declarator.type !== 'abstract_function_declarator'
  ) {
    declarator = declarator.childForFieldName('declarator');
  }
  const params = declarator?.childForFieldName('parameters');
  for (const p of params ? named(params) : []) {
    const d = p.childForFieldName('declarator');
    if (d && declaredName(d) === name) {
      return { type: p.childForFieldName('type')?.text ?? '', init: null };
    }
  }
  return null;
}

/** The identifier a (possibly nested: `*p`, `&p`, `p[4]`, `p = …`) declarator declares. */
export function declaredName(d: Node): string | null {
  let n: Node | null = d;
  while (n && n.type !== 'identifier' && n.type !== 'field_identifier') {
    n =
      n.childForFieldName('declarator') ??
      (n.type === 'reference_declarator' ? (named(n)[0] ?? null) : null);
  }
  return n?.text ?? null;
}

/** Whether a local declaration holds a std::shared_ptr (directly, through `auto` from a factory, or an alias). */
export function holdsShared(decl: LocalDecl, alias: (name: string) => string | undefined): boolean {
  const type = decl.type.replace(/\s+/g, '');
  if (/^(?:const)?auto$/.test(type)) {
    return decl.init !== null && /\b(?:make_shared|allocate_shared|shared_ptr)\b/.test(decl.init);
  }
  if (/(?:^|::|const)shared_ptr</.test(type)) return true;
  const target = alias(
    type
      .replace(/^const/, '')
      .split('::')
      .pop() ?? type,
  );
  return target !== undefined && /\bshared_ptr\s*</.test(target);
}
