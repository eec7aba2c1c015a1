/**
 * The project's platform header (the seed's `rtc/common.hpp`): a header that pulls std's smart
 * pointers into a namespace with `using std::shared_ptr;`. In the unqualified style it also gets
 * `using psram::make_shared;` / `using psram::allocate_shared;` (an existing
 * `using std::make_shared;` there is retargeted: two using-declarations of one name in one
 * namespace would conflict), so every call inside that namespace may be spelled `make_shared<T>()`.
 */
import type { Node } from '../analysis/parser';
import { enclosingNamespaces, named, qualifiedSegments } from '../analysis/syntax';
import type { FactoryName } from './siteRewrite';
import { type TextEdit, dominantEol, endOfLine, startOfLine } from './textEdit';

export interface PlatformNamespace {
  file: string;
  /** Qualified name of the namespace (`rtc`, `app::net`). */
  namespace: string;
  /** Offset after which the factory is declared in this file (end of the using-declarations). */
  declaredAt: number;
  /** Edits adding or retargeting the using-declarations (empty when already in place). */
  edits: TextEdit[];
}

const FACTORIES: FactoryName[] = ['make_shared', 'allocate_shared'];

/** Cheap text test before parsing. */
export function mayBePlatformHeader(text: string): boolean {
  return /\busing\s+(?:::\s*)?std\s*::\s*shared_ptr\s*;/.test(text);
}

function usingDeclarations(body: Node): Node[] {
  return named(body).filter(
    (c) => c.type === 'using_declaration' && !/^using\s+namespace\b/.test(c.text),
  );
}

function target(u: Node): string[] {
  const t = named(u).find((c) => c.type !== 'comment');
  return t ? qualifiedSegments(t) : [];
}

const isStd = (segs: string[]): boolean =>
  (segs.length === 2 && segs[0] === 'std') ||
  (segs.length === 3 && segs[0] === '' && segs[1] === 'std');

/** Namespaces of a header that declare `using std::shared_ptr;`, with the edits for `ns`. */
export function platformNamespaces(
  file: string,
  root: Node,
  text: string,
  ns: string,
): PlatformNamespace[] {
  const out: PlatformNamespace[] = [];
  const eol = dominantEol(text);
  const visit = (n: Node): void => {
    for (const c of named(n)) {
      if (c.type === 'namespace_definition') {
        const body = c.childForFieldName('body');
        if (body) {
          const usings = usingDeclarations(body);
          const pulls = usings.some((u) => isStd(target(u)) && target(u).pop() === 'shared_ptr');
          const name = c.childForFieldName('name');
          if (pulls && name) {
            out.push(
              group(
                file,
                [...enclosingNamespaces(c), ...name.text.split('::').map((s) => s.trim())].join(
                  '::',
                ),
                usings,
                text,
                ns,
                eol,
              ),
            );
          }
          visit(body);
        }
      } else if (c.type.startsWith('preproc_') || c.type === 'linkage_specification') visit(c);
    }
  };
  visit(root);
  return out;
}

function group(
  file: string,
  namespace: string,
  usings: Node[],
  text: string,
  ns: string,
  eol: string,
): PlatformNamespace {
  const edits: TextEdit[] = [];
  const last = usings[usings.length - 1];
  const lineStart = startOfLine(text, last.startIndex);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.startIndex))?.[0] ?? '';
  const missing: FactoryName[] = [];
  for (const f of FACTORIES) {
    const decl = usings.find((u) => target(u)[target(u).length - 1] === f);
    if (!decl) missing.push(f);
    else if (isStd(target(decl))) {
      const t = named(decl).find((c) => c.type !== 'comment')!;
      edits.push({
        start: t.startIndex,
        end: t.endIndex,
        newText: `${ns}::${f}`,
        label: 'using-declaration',
      });
    }
  }
  const insertAt = endOfLine(text, last.endIndex - 1);
  if (missing.length) {
    const lines = missing.map((f) => `${indent}using ${ns}::${f};${eol}`).join('');
    const needsBreak = insertAt === text.length && !/[\r\n]$/.test(text);
    edits.push({
      start: insertAt,
      end: insertAt,
      newText: (needsBreak ? eol : '') + lines,
      label: 'using-declaration',
    });
  }
  return { file, namespace, declaredAt: insertAt, edits };
}
