/**
 * Preprocessor branches a site sits in, and whether this configuration takes them.
 * Facts stay configuration-free: a site records its guards (`#if CONFIG_X` wanted true, `#ifdef Y`
 * wanted false in an `#else`, ...), and grading evaluates them with the project's macro values
 * (sdkconfig CONFIG_* options, `-D` build flags). `ESP_PLATFORM` branches are decided earlier, at
 * fact time (syntax.ts inHostOnlyBranch), since they do not depend on the configuration.
 */
import type { Node } from './parser';
import type { MacroTable } from '../project/macros';

export interface Guard {
  /** The condition as an `#if` expression (`#ifdef X` becomes `defined(X)`). */
  condition: string;
  /** True in the directive's own body, false in its `#else` / `#elif` chain. */
  want: boolean;
}

const DIRECTIVES = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef']);

/** Guards around a node, innermost first (none when the text has no conditional directive). */
export function guardsOf(node: Node): Guard[] {
  const out: Guard[] = [];
  for (let child: Node = node, p = node.parent; p; child = p, p = p.parent) {
    if (!DIRECTIVES.has(p.type)) continue;
    const condition = conditionOf(p);
    if (!condition || /\bESP_PLATFORM\b/.test(condition)) continue;
    const alternative = p.childForFieldName('alternative');
    out.push({ condition, want: !(alternative !== null && alternative.id === child.id) });
  }
  return out;
}

function conditionOf(directive: Node): string | null {
  if (directive.type === 'preproc_ifdef' || directive.type === 'preproc_elifdef') {
    const name = directive.childForFieldName('name')?.text;
    if (!name) return null;
    return /^#\s*(?:ifndef|elifndef)\b/.test(directive.text)
      ? `!defined(${name})`
      : `defined(${name})`;
  }
  return directive.childForFieldName('condition')?.text ?? null;
}

/** The first guard this configuration does not take, or null when all may be taken. */
export function offGuard(
  guards: readonly Guard[] | undefined,
  macros: MacroTable | undefined,
): Guard | null {
  if (!guards || !macros) return null;
  for (const g of guards) {
    const v = evaluate(g.condition, macros);
    if (v !== null && (v !== 0) !== g.want) return g;
  }
  return null;
}

/** Value of a macro name: a number, or null when unknown. */
function macroValue(name: string, macros: MacroTable): number | null {
  const v = macros.values.get(name);
  if (v === undefined) return name.startsWith('CONFIG_') && macros.completeConfig ? 0 : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  return /^-?\d+$/.test(v) ? Number(v) : v === '' ? 1 : null;
}

function isDefined(name: string, macros: MacroTable): number | null {
  const v = macros.values.get(name);
  if (v !== undefined) return v === false ? 0 : 1;
  return name.startsWith('CONFIG_') && macros.completeConfig ? 0 : null;
}

type Tok =
  { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

function tokenize(expr: string): Tok[] | null {
  const out: Tok[] = [];
  const re =
    /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(&&|\|\||==|!=|<=|>=|<<|>>|[!()<>+\-*/%&|^~?:]))/y;
  let i = 0;
  const text = expr.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').trim();
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return null;
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'id', name: m[2] });
    else out.push({ kind: 'op', op: m[3] });
  }
  return out;
}

/**
 * An `#if` expression's value (C11 6.10.1 integer arithmetic, three-valued: null = unknown).
 * `a && b` is known false when either side is; `a || b` known true when either side is.
 */
export function evaluate(expr: string, macros: MacroTable): number | null {
  const tokens = tokenize(expr);
  if (!tokens) return null;
  const toks: Tok[] = tokens;
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const isOp = (op: string): boolean => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  /** Binary operators by precedence, tightest first. */
  const LEVELS = [
    ['*', '/', '%'],
    ['+', '-'],
    ['<<', '>>'],
    ['<', '>', '<=', '>='],
    ['==', '!='],
    ['&'],
    ['^'],
    ['|'],
  ];
  const apply = (op: string, a: number, b: number): number | null => {
    switch (op) {
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : Math.trunc(a / b);
      case '%':
        return b === 0 ? null : a % b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '<':
        return Number(a < b);
      case '>':
        return Number(a > b);
      case '<=':
        return Number(a <= b);
      case '>=':
        return Number(a >= b);
      case '==':
        return Number(a === b);
      case '!=':
        return Number(a !== b);
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      default:
        return a | b;
    }
  };
  function primary(): number | null {
    const t = toks[pos++];
    if (!t) throw new Error('end');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') {
      if (t.name === 'defined') {
        const paren = isOp('(');
        if (paren) pos++;
        const n = toks[pos++];
        if (n?.kind !== 'id') throw new Error('defined');
        if (paren) {
          if (!isOp(')')) throw new Error(')');
          pos++;
        }
        return isDefined(n.name, macros);
      }
      // A function-like macro call cannot be expanded here.
      if (isOp('(')) throw new Error('call');
      return macroValue(t.name, macros);
    }
    if (t.op === '(') {
      const v = conditional();
      if (!isOp(')')) throw new Error(')');
      pos++;
      return v;
    }
    const v = primary();
    if (v === null) return null;
    if (t.op === '!') return Number(v === 0);
    if (t.op === '-') return -v;
    if (t.op === '+') return v;
    if (t.op === '~') return ~v;
    throw new Error('unary');
  }
  function binary(level: number): number | null {
    if (level < 0) return primary();
    let left = binary(level - 1);
    for (;;) {
      const t = peek();
      if (t?.kind !== 'op' || !LEVELS[level].includes(t.op)) return left;
      pos++;
      const right = binary(level - 1);
      left = left === null || right === null ? null : apply(t.op, left, right);
    }
  }
  function logical(op: '&&' | '||', next: () => number | null): number | null {
    let left = next();
    while (isOp(op)) {
      pos++;
      const right = next();
      if (op === '&&') {
        left = left === 0 || right === 0 ? 0 : left === null || right === null ? null : 1;
      } else {
        left =
          (left !== null && left !== 0) || (right !== null && right !== 0)
            ? 1
            : left === null || right === null
              ? null
              : 0;
      }
    }
    return left;
  }
  const and = (): number | null => logical('&&', () => binary(LEVELS.length - 1));
  const or = (): number | null => logical('||', and);
  function conditional(): number | null {
    const c = or();
    if (!isOp('?')) return c;
    pos++;
    const a = conditional();
    if (!isOp(':')) throw new Error(':');
    pos++;
    const b = conditional();
    return c === null ? (a === b ? a : null) : c !== 0 ? a : b;
  }
  try {
    const v = conditional();
    return pos === toks.length ? v : null;
  } catch {
    return null;
  }
}
