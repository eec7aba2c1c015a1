/**
 * What the analyzer reports. Positions are 0-based, columns in UTF-16 code
 * units (LSP); the CLI converts to the contract's 1-based form.
 */

export const RULE_CODES = ['PSR001', 'PSR002', 'PSR003', 'PSR004', 'PSR005'] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * How a finding can be rewritten: a description of the call site that the fix
 * engine (server/fix/) turns into text edits. Offsets are UTF-16 indices into
 * the document text (JavaScript string indices).
 */
export interface FixSite {
  /** Which factory the call uses. */
  factory: 'make_shared' | 'allocate_shared' | 'shared_ptr_new';
  /**
   * The span of the callee name as written, including any qualification
   * (`std::make_shared`, `::std :: make_shared`, `stdns::\n  make_shared`,
   * or the bare `make_shared` for PSR004). Template arguments are not included.
   */
  calleeStart: number;
  calleeEnd: number;
  /** Template argument list text span `<...>` when present (kept byte-for-byte by fixes). */
  templateArgsStart?: number;
  templateArgsEnd?: number;
  /** Span of the whole expression (call, declaration initializer, or reset(...) call). */
  exprStart: number;
  exprEnd: number;
  /**
   * For PSR003: the span of the `new T(args)` expression and the type text of T,
   * so the fix can produce `factory<T>(args)`.
   */
  newExprStart?: number;
  newExprEnd?: number;
  newType?: string;
  newArgs?: string;
  /** Types of the call arguments when they are syntactically visible (ADL checks). */
  argumentTexts?: string[];
  /**
   * The site lies in a `#define` body: the document's tree holds the body as one opaque
   * `preproc_arg` node, so the fix engine parses the body itself (see server/analysis/macroBodies.ts,
   * which wraps it as `void f() {\n<body>\n;}`). Offsets are still document offsets.
   */
  inMacroDefinition?: boolean;
}

/** Every document offset a FixSite holds. */
const FIX_OFFSETS = [
  'calleeStart',
  'calleeEnd',
  'templateArgsStart',
  'templateArgsEnd',
  'exprStart',
  'exprEnd',
  'newExprStart',
  'newExprEnd',
] as const;

/** The fix with every offset moved by `delta` (into or out of a parsed `#define` body). */
export function shiftFix(fix: FixSite, delta: number): FixSite {
  const out = { ...fix };
  for (const k of FIX_OFFSETS) if (out[k] !== undefined) out[k] += delta;
  return out;
}

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  range: Range;
  /** True when server/fix can rewrite it. */
  fixable: boolean;
  fix?: FixSite;
  /** Estimated heap request in bytes (object + control block) when the type is known. */
  estimatedBytes?: number;
  /** The allocated type as written, with its estimated sizeof/alignof (the Simulator's what-if). */
  object?: { type: string; size: number; align: number };
}
