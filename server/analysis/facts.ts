/**
 * Per-file facts: every candidate allocation site, and what other files may need to know
 * (class shapes, names declared as shared_ptr / weak_ptr, namespaces that provide a PSRAM-aware
 * `make_shared`). Facts are plain JSON, so CLI workers can send them to the main thread, and
 * findings that depend on other files are resolved later against the merged project index.
 *
 * Candidate identifiers are located with one regex pass over the text; every decision is then
 * taken on the syntax tree (a hit inside a comment or string has no identifier node there).
 */
import type { FileFacts, Site } from './fileFacts';
import type { FixSite, RuleCode } from './findings';
import type { Node, Tree } from './parser';
import { allocatorName, allocatorOf } from './allocators';
import { classShapeOf } from './classShapes';
import { guardsOf } from './conditions';
import { declaredName, localDeclaration } from './localDecl';
import { macroBodyFacts } from './macroBodies';
import {
  type Declarations,
  collectDeclaration,
  resolveNamespace,
  resolveUnqualified,
} from './lookup';
import {
  callOf,
  enclosingNamespaces,
  enclosingScope,
  firstArgument,
  inHostOnlyBranch,
  named,
  outermostName,
  qualifiedSegments,
  templateArguments,
} from './syntax';

export type { FileFacts, Pending, Site } from './fileFacts';

const CANDIDATE =
  /\b(?:make_shared|allocate_shared|shared_ptr|weak_ptr|reset|using|namespace|struct|class|typedef)\b/g;
const FACTORIES = new Set(['make_shared', 'allocate_shared']);
/** How far text matching (unparsed calls and declarations) looks past a name: bounded work per hit. */
const SCAN = 8192;
/** Candidates that can make a site inside a `#define` body. */
const SPELLS_SITE = /^(?:make_shared|allocate_shared|shared_ptr|reset)$/;

/** Cheap text test: can this file hold a finding or a fact other files need? */
export function mayHoldFacts(text: string): boolean {
  // `member.reset(new T)` on a member declared shared_ptr in another file never spells it here.
  return /\b(?:make_shared|allocate_shared|shared_ptr|weak_ptr)\b|\breset\s*\(\s*new\b/.test(text);
}

export function extractFacts(tree: Tree, text: string): FileFacts {
  const facts: FileFacts = {
    sites: [],
    pending: [],
    classes: [],
    allocators: [],
    typeAliases: [],
    sharedNames: [],
    weakNames: [],
    madeShared: [],
    factoryNamespaces: [],
    ignoredLines: [],
    ignoreFile: /psram-lens:\s*(?:ignore-file|generated)\b/.test(text),
  };
  if (facts.ignoreFile) return facts;
  collectIgnores(text, facts.ignoredLines);

  const root = tree.rootNode;
  const decls: Declarations = { usings: [], aliases: [], factories: [] };
  const hits: Node[] = [];
  const macroBodies = new Map<number, Node>();
  for (const m of text.matchAll(CANDIDATE)) {
    const node = root.descendantForIndex(m.index, m.index + m[0].length);
    if (node?.type === 'preproc_arg' && SPELLS_SITE.test(m[0]) && !inHostOnlyBranch(node)) {
      macroBodies.set(node.id, node);
    }
    if (!node || node.startIndex !== m.index || node.endIndex !== m.index + m[0].length) continue;
    if (collectDeclaration(node, decls)) continue;
    hits.push(node);
  }
  for (const f of decls.factories) facts.factoryNamespaces.push(f.namespace);
  // A platform header's `namespace rtc { using psram::make_shared; }` (the seed's common.hpp) makes
  // every unqualified call inside `rtc`, in any file, resolve to the factory.
  for (const u of decls.usings) {
    const isStd = u.target.filter((x) => x !== '').join('::') === 'std';
    if (u.kind === 'declaration' && !isStd && u.scope.startsWith('ns:')) {
      facts.factoryNamespaces.push(u.scope.slice(3));
    }
  }

  // Factory calls first: a weak_ptr initialised from a make_shared call needs that call's site.
  hits.sort((a, b) => Number(!FACTORIES.has(a.text)) - Number(!FACTORIES.has(b.text)));
  for (const node of hits) {
    switch (node.text) {
      case 'make_shared':
      case 'allocate_shared':
        factoryCall(node, text, decls, facts);
        break;
      case 'shared_ptr':
      case 'weak_ptr':
        smartPointerUse(node, text, decls, facts);
        break;
      case 'reset':
        resetCall(node, facts);
        break;
      case 'using':
      case 'typedef':
        typeAlias(node, facts);
        break;
      case 'struct':
      case 'class': {
        const shape = node.parent ? classShapeOf(node.parent) : null;
        if (shape) facts.classes.push(shape);
        const allocator = shape && node.parent ? allocatorOf(node.parent) : null;
        if (allocator) facts.allocators.push(allocator);
        break;
      }
    }
  }
  weakAssignments(tree, text, facts);
  const inMacros = macroBodyFacts(tree, [...macroBodies.values()], extractFacts);
  facts.sites.push(...inMacros.sites);
  facts.pending.push(...inMacros.pending);
  if (/#\s*(?:if|elif)/.test(text)) {
    for (const site of [...facts.sites, ...facts.pending.map((p) => p.site)]) {
      const node = root.descendantForIndex(site.start, Math.max(site.start, site.end - 1));
      const guards = node ? guardsOf(node) : [];
      if (guards.length) site.guards = guards;
    }
  }
  return facts;
}

function typeAlias(keyword: Node, facts: FileFacts): void {
  const decl = keyword.parent;
  const type = decl?.childForFieldName('type');
  if (!decl || !type) return;
  if (decl.type === 'alias_declaration') {
    const name = decl.childForFieldName('name');
    if (name) facts.typeAliases.push({ name: name.text, type: type.text });
  } else if (decl.type === 'type_definition') {
    const name = decl.childForFieldName('declarator');
    if (name?.type === 'type_identifier') {
      facts.typeAliases.push({ name: name.text, type: type.text });
    }
  }
}

function collectIgnores(text: string, out: number[]): void {
  const re = /psram-lens:\s*ignore\b(?!-)/g;
  for (const m of text.matchAll(re)) {
    let line = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    out.push(line, line + 1);
  }
}

function factoryCall(id: Node, text: string, decls: Declarations, facts: FileFacts): void {
  const parent = id.parent;
  if (!parent || (id.type !== 'identifier' && id.type !== 'field_identifier')) return;
  const name = outermostName(id);
  const call = callOf(name);
  const unparsed = call ? null : unparsedCall(id, text);
  const at = call ?? (unparsed ? name : null);
  if (!at || inHostOnlyBranch(at)) return;
  const segments = qualifiedSegments(name);
  const factory = id.text as 'make_shared' | 'allocate_shared';
  let code: RuleCode;
  let via: string | undefined;
  if (segments.length === 1) {
    const r = resolveUnqualified(id.text, at, decls);
    if (r.kind !== 'std') return;
    code = 'PSR004';
    via = r.via;
  } else {
    if (!FACTORIES.has(segments[segments.length - 1])) return;
    const ns = resolveNamespace(segments.slice(0, -1), at, decls);
    if (ns !== 'std') return;
    code = factory === 'make_shared' ? 'PSR001' : 'PSR002';
  }
  if (!call) {
    if (unparsed) facts.sites.push(unparsedSite(code, factory, name, unparsed, via));
    return;
  }
  const targs = templateArguments(name);
  const args = call.childForFieldName('arguments');
  const typeNode = targs ? firstArgument(targs) : null;
  const site: Site = {
    code,
    start: name.startIndex,
    end: name.endIndex,
    typeText: typeNode?.text,
    namespaces: enclosingNamespaces(call),
    via,
    fix: {
      factory,
      calleeStart: name.startIndex,
      calleeEnd: targs ? targs.startIndex : name.endIndex,
      templateArgsStart: targs?.startIndex,
      templateArgsEnd: targs?.endIndex,
      exprStart: call.startIndex,
      exprEnd: call.endIndex,
      argumentTexts: args
        ? named(args)
            .filter((a) => a.type !== 'comment')
            .map((a) => a.text)
        : [],
    },
  };
  // A calleeStart..calleeEnd span that excludes template args keeps them byte-for-byte in fixes.
  if (targs) site.fix!.calleeEnd = calleeEndBefore(name, targs);
  if (code === 'PSR002') site.allocator = allocatorPassed(firstArgument(args), call) ?? undefined;
  facts.sites.push(site);
  const target = assignedName(call);
  if (target) facts.madeShared.push(target);
}

/**
 * A call the grammar could not parse: template arguments nested nine or more deep with unspaced
 * `>>>` leave `make_shared<…>` without its call. The text right after the name decides: balanced
 * `<…>`, then `(`, up to the matching `)`.
 */
interface UnparsedCall {
  targsStart: number;
  targsEnd: number;
  end: number;
  typeText: string;
}

function unparsedCall(id: Node, text: string): UnparsedCall | null {
  const targs = balancedAngles(text, id.endIndex);
  if (!targs) return null;
  const open = /^\s*\(/.exec(text.slice(targs.end, targs.end + 256));
  if (!open) return null;
  let depth = 0;
  const limit = Math.min(text.length, targs.end + SCAN);
  for (let i = targs.end + open[0].length - 1; i < limit; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      return {
        targsStart: targs.start,
        targsEnd: targs.end,
        end: i + 1,
        typeText: topLevelFirst(targs.inner),
      };
    }
  }
  return null;
}

function unparsedSite(
  code: RuleCode,
  factory: FixSite['factory'],
  name: Node,
  call: UnparsedCall,
  via: string | undefined,
): Site {
  return {
    code,
    start: name.startIndex,
    end: call.targsEnd,
    typeText: call.typeText,
    namespaces: enclosingNamespaces(name),
    via,
    fix: {
      factory,
      calleeStart: name.startIndex,
      calleeEnd: call.targsStart,
      templateArgsStart: call.targsStart,
      templateArgsEnd: call.targsEnd,
      exprStart: name.startIndex,
      exprEnd: call.end,
    },
  };
}

/** The first template argument of `a<b, c>, d`: up to the first comma outside brackets. */
function topLevelFirst(list: string): string {
  let depth = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if (c === '>' || c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return list.slice(0, i).trim();
  }
  return list.trim();
}

/** The allocator class an allocate_shared call passes: a temporary, or a local variable's type. */
function allocatorPassed(arg: Node | null, call: Node): string | null {
  if (!arg) return null;
  if (arg.type === 'identifier') {
    const local = localDeclaration(arg.text, call);
    return local ? allocatorName(`${local.type}{`) : null;
  }
  return allocatorName(arg.text);
}

/** End of the callee text before its template argument list (the `make_shared` identifier's end). */
function calleeEndBefore(name: Node, targs: Node): number {
  const tf = targs.parent;
  const id = tf?.childForFieldName('name');
  return id ? id.endIndex : name.endIndex;
}

/** The variable or member a value is stored into: `x = <call>`, `T x = <call>`, `T x(<call>)`, `x{<call>}`. */
export function assignedName(value: Node): string | null {
  let n: Node = value;
  let p = n.parent;
  if (p && (p.type === 'argument_list' || p.type === 'initializer_list')) {
    n = p;
    p = p.parent;
  }
  if (!p) return null;
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id) {
    return lastName(p.childForFieldName('left'));
  }
  if (p.type === 'init_declarator' && p.childForFieldName('value')?.id === n.id) {
    return lastName(p.childForFieldName('declarator'));
  }
  if (p.type === 'field_initializer') return lastName(named(p)[0] ?? null);
  // A default member initialiser: `std::shared_ptr<T> m_ = make_shared<T>();` / `m_{make_shared<T>()}`.
  if (p.type === 'field_declaration' && p.childForFieldName('default_value')?.id === n.id) {
    return lastName(p.childForFieldName('declarator'));
  }
  return null;
}

function lastName(n: Node | null): string | null {
  if (!n) return null;
  if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
  if (n.type === 'field_expression') return n.childForFieldName('field')?.text ?? null;
  if (n.type === 'qualified_identifier') return lastName(n.childForFieldName('name'));
  // A "parameter" of a vexing parse: a plain name.
  if (n.type === 'parameter_declaration') return /^[A-Za-z_]\w*$/.test(n.text) ? n.text : null;
  return null;
}

/** `shared_ptr<T>` / `weak_ptr<T>` in a declaration, a functional cast, or a braced temporary. */
function smartPointerUse(id: Node, text: string, decls: Declarations, facts: FileFacts): void {
  // `std::shared_ptr<T>(new T)` in an expression makes the name a template_function's identifier.
  if (id.type !== 'type_identifier' && id.type !== 'identifier') return;
  const name = outermostName(id);
  const segments = qualifiedSegments(name);
  if (segments.length > 1 && resolveNamespace(segments.slice(0, -1), name, decls) !== 'std') return;
  const isWeak = id.text === 'weak_ptr';
  const holder = name.parent;
  if (!holder) return;
  if (!isWeak && insideError(holder)) {
    misparsedDeclaration(id, name, text, facts);
    return;
  }
  // Declarations: remember the declared names; check initialisers.
  if (
    holder.type === 'declaration' ||
    holder.type === 'field_declaration' ||
    holder.type === 'parameter_declaration'
  ) {
    // Locals and parameters are found by block-scope lookup (localDecl.ts), not project-wide.
    const local =
      holder.type === 'parameter_declaration' ||
      enclosingScope(holder)?.type === 'compound_statement';
    const defaultValue = holder.childForFieldName('default_value');
    for (const d of holder
      .childrenForFieldName('declarator')
      .filter((x): x is Node => x !== null)) {
      const declared = declaredName(d);
      if (declared && (isWeak || !local)) {
        (isWeak ? facts.weakNames : facts.sharedNames).push(declared);
      }
      const value =
        d.type === 'init_declarator'
          ? d.childForFieldName('value')
          : (defaultValue ?? vexingParseArgs(d));
      if (!value || inHostOnlyBranch(d)) continue;
      const at = defaultValue ? holder : d;
      if (isWeak) weakFrom(value, declared, at, facts);
      else newInto(name, value, at, facts);
    }
    return;
  }
  if (inHostOnlyBranch(holder)) return;
  // `std::shared_ptr<T>(new T)` parses as a call of a template_function; `std::shared_ptr<T>{new T}` as a compound literal.
  const args =
    holder.type === 'call_expression' && holder.childForFieldName('function')?.id === name.id
      ? holder.childForFieldName('arguments')
      : holder.type === 'compound_literal_expression'
        ? holder.childForFieldName('value')
        : undefined;
  if (args !== undefined) {
    // `std::weak_ptr<R>(s)`: the cast form, as in a lambda's init-capture.
    if (isWeak) weakFrom(args ?? holder, null, holder, facts);
    else newInto(name, args, holder, facts);
    return;
  }
  if (!isWeak && holder.type === 'binary_expression') misparsedDeclaration(id, name, text, facts);
}

/** True when the statement around a node did not parse (error recovery moved its pieces). */
function insideError(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'ERROR') return true;
    if (/(_statement|_definition)$/.test(n.type) || n.type === 'translation_unit') return false;
  }
  return false;
}

/**
 * Declarations the grammar does not read as declarations: one passed to a macro
 * (`TEST_THROW(std::shared_ptr<A> a(new B()), E)`, read as comparisons, or as an error when a `;`
 * follows it inside the arguments), or one whose template arguments nest nine or more deep
 * (`>>>>>>>>>`). The text from the name on is matched as `shared_ptr<T> name(new U(...))`; the
 * new-expression is used when the tree has it, else the site has no fix.
 */
function misparsedDeclaration(id: Node, name: Node, text: string, facts: FileFacts): void {
  const targs = balancedAngles(text, id.endIndex);
  if (targs === null) return;
  const m = /^\s*(?:[A-Za-z_]\w*\s*)?[({]\s*new\b/.exec(text.slice(targs.end, targs.end + 512));
  if (!m) return;
  const at = targs.end + m[0].length - 3;
  let newExpr = name.tree.rootNode.descendantForIndex(at, at + 3);
  while (newExpr && newExpr.type !== 'new_expression') newExpr = newExpr.parent;
  const declared = targs.inner.trim();
  if (newExpr && newExpr.startIndex === at && !insideError(newExpr)) {
    const call = newExpr.parent?.parent;
    facts.sites.push(
      newSite(newExpr, call ?? newExpr, name.startIndex, newExpr.endIndex, declared),
    );
    return;
  }
  const created = newExpressionText(text, at + 3);
  if (!created) return;
  facts.sites.push({
    code: 'PSR003',
    start: name.startIndex,
    end: created.end,
    typeText: created.type || declared,
    namespaces: enclosingNamespaces(name),
  });
}

/** `T(args)` / `T{args}` / `T` after a `new` keyword ending at `from`: the type text and the end. */
function newExpressionText(text: string, from: number): { type: string; end: number } | null {
  const head = /^\s*((?:::)?[A-Za-z_][\w:]*)/.exec(text.slice(from, from + 512));
  if (!head) return null;
  let end = from + head[0].length;
  let type = head[1];
  const targs = balancedAngles(text, end);
  if (targs) {
    type = text.slice(from, targs.end).trim();
    end = targs.end;
  }
  const open = /^\s*([({])/.exec(text.slice(end, end + 64));
  if (!open) return { type, end };
  const [o, c] = open[1] === '(' ? ['(', ')'] : ['{', '}'];
  let depth = 0;
  const limit = Math.min(text.length, end + SCAN);
  for (let i = end + open[0].length - 1; i < limit; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return { type, end: i + 1 };
  }
  return null;
}

/** The `<...>` right after `from` in `text` (every `<` and `>` counted), or null. */
function balancedAngles(
  text: string,
  from: number,
): { inner: string; start: number; end: number } | null {
  const open = text.slice(from, from + 256).search(/\S/);
  if (open < 0 || text[from + open] !== '<') return null;
  const start = from + open;
  let depth = 0;
  const limit = Math.min(text.length, start + SCAN);
  for (let i = start; i < limit; i++) {
    if (text[i] === '<') depth++;
    else if (text[i] === '>' && --depth === 0) {
      return { inner: text.slice(start + 1, i), start, end: i + 1 };
    } else if (text[i] === ';' || text[i] === '{') return null;
  }
  return null;
}

/**
 * `std::weak_ptr<W> w(sp);` in a function body parses as a function declaration (the most vexing
 * parse); with a single plain-name "parameter" it is a construction from that name.
 */
function vexingParseArgs(d: Node): Node | null {
  if (d.type !== 'function_declarator' || d.parent?.parent?.type !== 'compound_statement') {
    return null;
  }
  const params = d.childForFieldName('parameters');
  const only = params ? named(params) : [];
  return only.length === 1 && /^[A-Za-z_]\w*$/.test(only[0].text) ? only[0] : null;
}

/** PSR003 when the first argument of a shared_ptr construction is a raw `new`. */
function newInto(typeName: Node, list: Node | null, expr: Node, facts: FileFacts): void {
  const first = firstArgument(list);
  if (!first || first.type !== 'new_expression' || !list) return;
  const targs = templateArguments(typeName);
  facts.sites.push(
    newSite(first, expr, typeName.startIndex, first.endIndex, targs?.text.slice(1, -1).trim()),
  );
}

function newSite(
  newExpr: Node,
  expr: Node,
  start: number,
  end: number,
  declaredType?: string,
): Site {
  const type = newExpr.childForFieldName('type');
  const args = newExpr.childForFieldName('arguments');
  const isArray = newExpr.childForFieldName('declarator')?.type === 'new_declarator';
  return {
    code: 'PSR003',
    start,
    end,
    typeText: type?.text ?? declaredType,
    namespaces: enclosingNamespaces(expr),
    fix: isArray
      ? undefined
      : {
          factory: 'shared_ptr_new',
          calleeStart: newExpr.startIndex,
          calleeEnd: type ? type.endIndex : newExpr.endIndex,
          exprStart: expr.startIndex,
          exprEnd: expr.endIndex,
          newExprStart: newExpr.startIndex,
          newExprEnd: newExpr.endIndex,
          newType: type?.text,
          newArgs: args ? args.text.slice(1, -1) : '',
        },
  };
}

/** `p.reset(new T)`: a PSR003 if `p` is declared as a shared_ptr (here or in another file). */
function resetCall(id: Node, facts: FileFacts): void {
  const field = id.parent;
  if (id.type !== 'field_identifier' || field?.type !== 'field_expression') return;
  const call = callOf(field);
  const first = firstArgument(call?.childForFieldName('arguments') ?? null);
  if (!call || !first || first.type !== 'new_expression' || inHostOnlyBranch(call)) return;
  const object = field.childForFieldName('argument');
  const receiver = lastName(object);
  if (!receiver || !object) return;
  facts.pending.push({
    kind: 'reset',
    receiver,
    local: object.type === 'identifier' ? localDeclaration(receiver, call) : null,
    site: newSite(first, call, call.startIndex, call.endIndex),
  });
}

/** A weak_ptr initialised from a make_shared call, or from a name that holds make_shared storage. */
function weakFrom(value: Node, weak: string | null, at: Node, facts: FileFacts): void {
  const source =
    firstArgument(
      value.type === 'argument_list' || value.type === 'initializer_list' ? value : null,
    ) ?? value;
  const site = (): Site => ({
    code: 'PSR005',
    start: at.startIndex,
    end: at.endIndex,
    namespaces: enclosingNamespaces(at),
  });
  const sourceName = lastName(source);
  if (sourceName) facts.pending.push({ kind: 'weakFrom', weak, source: sourceName, site: site() });
  else if (
    facts.sites.some(
      (s) => s.code !== 'PSR003' && s.start >= source.startIndex && s.end <= source.endIndex,
    )
  ) {
    facts.sites.push(site());
  }
}

/**
 * `w = sp;` between two plain names: a PSR005 when `w` is a weak_ptr and `sp` holds make_shared
 * storage. Either declaration may live in another file, so the verdict waits for the project index.
 */
function weakAssignments(tree: Tree, text: string, facts: FileFacts): void {
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*=(?!=)\s*([A-Za-z_]\w*)\s*;/g)) {
    const node = tree.rootNode.descendantForIndex(m.index, m.index + m[1].length);
    const assign = node?.parent?.type === 'field_expression' ? node.parent.parent : node?.parent;
    if (assign?.type !== 'assignment_expression' || inHostOnlyBranch(assign)) continue;
    const source = lastName(assign.childForFieldName('right'));
    if (!source) continue;
    facts.pending.push({
      kind: 'weakFrom',
      weak: lastName(assign.childForFieldName('left')),
      source,
      site: {
        code: 'PSR005',
        start: assign.startIndex,
        end: assign.endIndex,
        namespaces: enclosingNamespaces(assign),
      },
    });
  }
}
