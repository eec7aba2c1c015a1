/**
 * Allocators defined in the project, for PSR002: `std::allocate_shared` puts its one block where the
 * allocator's `allocate` puts it (docs/reference/malloc-policy.md C2-C3: only heap_caps_* with
 * MALLOC_CAP_SPIRAM asks for PSRAM; malloc and operator new follow the malloc policy).
 */
import type { Node } from './parser';
import { named } from './syntax';

/**
 * - `psram`: heap_caps_malloc / heap_caps_aligned_alloc / heap_caps_calloc with MALLOC_CAP_SPIRAM
 *   written in the call (or Arduino's ps_malloc): no finding.
 * - `decides`: caps from a variable, a user hook, another allocator, or branches that disagree.
 * - `malloc`: malloc, calloc, operator new, std::allocator, or heap_caps_* with internal caps only.
 */
export type AllocatorKind = 'psram' | 'decides' | 'malloc';

export interface AllocatorFact {
  /** The class name (`SpiramAllocator`), without template arguments or namespaces. */
  name: string;
  kind: AllocatorKind;
}

const HEAP_CAPS = /\bheap_caps_(?:malloc|aligned_alloc|calloc|realloc|malloc_prefer)\s*\(/g;
const ARDUINO_PSRAM = /\bps_(?:malloc|calloc|realloc)\s*\(/;
const PLAIN =
  /\b(?:malloc|calloc|realloc|aligned_alloc|operator\s+new)\s*\(|\bnew\b|\bstd::allocator\b/;

/** The allocator a class_specifier / struct_specifier defines, if it has an `allocate` member. */
export function allocatorOf(spec: Node): AllocatorFact | null {
  const name = spec.childForFieldName('name');
  const body = spec.childForFieldName('body');
  if (!name || !body || !/\ballocate\b/.test(body.text)) return null;
  for (const member of named(body)) {
    const fn = member.type === 'template_declaration' ? named(member).at(-1) : member;
    if (fn?.type !== 'function_definition') continue;
    const declarator = fn.childForFieldName('declarator');
    if (!declarator || !/\ballocate\s*\(/.test(declarator.text)) continue;
    const fnBody = fn.childForFieldName('body');
    if (!fnBody) continue;
    return { name: name.text.replace(/<[\s\S]*$/, ''), kind: classify(fnBody.text) };
  }
  return null;
}

/** Where an `allocate` body takes memory from, read from its text. */
export function classify(body: string): AllocatorKind {
  const kinds = new Set<AllocatorKind>();
  for (const m of body.matchAll(HEAP_CAPS)) {
    const args = argumentsAt(body, m.index + m[0].length - 1);
    if (/\bMALLOC_CAP_SPIRAM\b/.test(args)) kinds.add('psram');
    else if (/^[\s\S]*,\s*(?:MALLOC_CAP_[A-Z0-9_]+\s*\|?\s*)+$/.test(args)) kinds.add('malloc');
    else kinds.add('decides');
  }
  if (ARDUINO_PSRAM.test(body)) kinds.add('psram');
  const rest = body.replace(HEAP_CAPS, '').replace(ARDUINO_PSRAM, '');
  if (PLAIN.test(rest)) kinds.add('malloc');
  if (kinds.size === 0) return 'decides';
  return kinds.size === 1 ? [...kinds][0] : 'decides';
}

/** The text inside the parentheses that open at `open`. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The allocator class an `allocate_shared` argument names (`SpiramAllocator<T>()` → `SpiramAllocator`). */
export function allocatorName(argument: string): string | null {
  const m = /^\s*(?:::)?((?:[A-Za-z_]\w*\s*::\s*)*)([A-Za-z_]\w*)\s*(?:<|\(|\{)/.exec(argument);
  if (!m) return null;
  const qualified = `${m[1].replace(/\s+/g, '')}${m[2]}`;
  return qualified === 'std::allocator' ? 'std::allocator' : m[2];
}
