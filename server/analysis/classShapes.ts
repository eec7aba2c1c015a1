/**
 * The shape of a class defined in the workspace, as far as `sizeof` on a 32-bit ESP target
 * needs it: field types, array sizes, bases, and whether it has a vtable.
 */
import type { Node } from './parser';
import { enclosingNamespaces, named } from './syntax';

export interface FieldShape {
  type: string;
  /** Array dimensions as written (numbers only; a non-numeric size makes the class unsized). */
  dims: (number | null)[];
  pointer: boolean;
}

export interface ClassShape {
  name: string;
  /** Enclosing namespaces, outermost first. */
  namespaces: string[];
  bases: string[];
  fields: FieldShape[];
  hasVirtual: boolean;
}

/** The shape of a class_specifier / struct_specifier with a body, else null. */
export function classShapeOf(spec: Node): ClassShape | null {
  if (spec.type !== 'class_specifier' && spec.type !== 'struct_specifier') return null;
  const name = spec.childForFieldName('name');
  const body = spec.childForFieldName('body');
  if (!name || !body || name.type !== 'type_identifier') return null;
  const bases: string[] = [];
  for (const c of named(spec)) {
    if (c.type !== 'base_class_clause') continue;
    for (const b of named(c)) {
      if (b.type !== 'access_specifier' && b.type !== 'comment') bases.push(b.text);
    }
  }
  const fields: FieldShape[] = [];
  let hasVirtual = /\bvirtual\b/.test(spec.text.slice(0, body.startIndex - spec.startIndex));
  for (const member of named(body)) {
    if (/^\s*virtual\b/.test(member.text) || /\bvirtual\b/.test(member.text.split('(')[0])) {
      hasVirtual = true;
    }
    if (member.type !== 'field_declaration') continue;
    if (/^\s*(static|using|typedef|friend)\b/.test(member.text)) continue;
    const type = member.childForFieldName('type');
    if (!type) continue;
    for (const d of member
      .childrenForFieldName('declarator')
      .filter((x): x is Node => x !== null)) {
      if (declaresFunction(d)) continue;
      fields.push(fieldShape(type.text, d));
    }
  }
  return { name: name.text, namespaces: enclosingNamespaces(spec), bases, fields, hasVirtual };
}

/** `get()`, `*get()`, `&get()`: a member function (returning a pointer or reference), not a field. */
function declaresFunction(d: Node): boolean {
  let n: Node | null = d;
  while (n && (n.type === 'pointer_declarator' || n.type === 'reference_declarator')) {
    n = n.childForFieldName('declarator') ?? named(n)[0] ?? null;
  }
  // `int (*fp)(int)` is a field: a pointer to a function.
  return (
    n?.type === 'function_declarator' &&
    n.childForFieldName('declarator')?.type !== 'parenthesized_declarator'
  );
}

function fieldShape(type: string, declarator: Node): FieldShape {
  const dims: (number | null)[] = [];
  let pointer = false;
  let d: Node | null = declarator;
  while (d && d.type !== 'field_identifier') {
    if (d.type === 'array_declarator') {
      const size = d.childForFieldName('size');
      dims.unshift(size && /^\d+$/.test(size.text) ? Number(size.text) : null);
    }
    if (d.type === 'pointer_declarator' || d.type === 'reference_declarator') pointer = true;
    d =
      d.childForFieldName('declarator') ??
      (d.type === 'bitfield_clause' ? null : (named(d)[0] ?? null));
  }
  return { type, dims, pointer };
}
