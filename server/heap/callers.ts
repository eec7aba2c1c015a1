/**
 * An allocation's *site*: the first decoded frame outside the allocator, libstdc++'s shared_ptr
 * machinery, the PSRAM factory and ESP-IDF itself. Inlined frames count: `make_shared` is usually
 * inlined, so the user's line is often an `(inlined by)` frame. The full chain stays on the event
 * (`frames` / `symbols`) for a tooltip.
 */
import type { SymbolInfo } from '../protocol/events';
import type { SourceFrame } from '../protocol/snapshot';

const SYSTEM_PATH =
  /(?:^|\/)(?:esp-idf|esp_idf|\.espressif|toolchain|libstdc\+\+-v3|gcc)\/|\/components\/(?:heap|newlib|freertos|cxx|esp_system|esp_rom)\//;

/** Allocator entry points by exact (unqualified) name. */
const ALLOCATOR_NAMES = new Set([
  'malloc',
  'calloc',
  'realloc',
  'free',
  '_malloc_r',
  '_calloc_r',
  '_realloc_r',
  'pvPortMalloc',
  'pvPortCalloc',
  'vPortFree',
]);
const ALLOCATOR_PREFIX = /^(?:heap_caps_|multi_heap_|tlsf_|__wrap_heap_caps_)/;
/** libstdc++'s shared_ptr and allocator machinery, by a component of a `std::` name. */
const STD_PARTS = new Set([
  '__shared_count',
  '__shared_ptr',
  'shared_ptr',
  '__allocate_shared',
  'allocate_shared',
  '__make_shared',
  'make_shared',
  'allocator',
  '__new_allocator',
  'new_allocator',
  'allocator_traits',
  'construct_at',
  '_Construct',
]);
const OPERATOR_NEW = /(?:^|[\s:])operator (?:new|delete)(?:\[\])?$/;

interface Frame {
  function: string;
  file: string;
  fileLine: number;
  rom?: boolean;
}

export interface SiteOptions {
  /** Namespaces of the PSRAM factory (setting `psramLens.factory.namespace`; default `psram`). */
  factoryNamespaces?: readonly string[];
}

const DEFAULT_FACTORY = ['psram'];

/**
 * The qualified name of a demangled function without template arguments, parameters or return
 * type: `std::shared_ptr<T> std::make_shared<T>()` → `std::make_shared`.
 */
export function qualifiedName(fn: string): string {
  let depth = 0;
  let head = '';
  let lastSpace = -1;
  for (let i = 0; i < fn.length; i++) {
    const c = fn[i];
    if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      if (c === '(') {
        // `operator()` and `(anonymous namespace)::f` are part of the name.
        if (fn.startsWith('()', i) && head.endsWith('operator')) {
          head += '()';
          i++;
          continue;
        }
        if (fn.startsWith('(anonymous namespace)', i)) {
          head += '(anonymous namespace)';
          i += 20;
          continue;
        }
        break;
      }
      if (c === ' ' && !head.endsWith('operator')) lastSpace = head.length;
      head += c;
    }
  }
  return lastSpace === -1 ? head : head.slice(lastSpace + 1);
}

/** A frame of the allocator, libstdc++'s shared_ptr machinery or the PSRAM factory. */
export function isAllocatorFrame(f: Frame, opts: SiteOptions = {}): boolean {
  const name = qualifiedName(f.function);
  if (OPERATOR_NEW.test(name)) return true;
  const last = name.slice(name.lastIndexOf(':') + 1);
  if (name === last && (ALLOCATOR_NAMES.has(name) || ALLOCATOR_PREFIX.test(name))) return true;
  const parts = name.split('::');
  if (parts[0] === 'std') {
    for (const p of parts) if (p.startsWith('_Sp_') || STD_PARTS.has(p)) return true;
  }
  if (parts[0] === '__gnu_cxx' && parts.includes('new_allocator')) return true;
  for (const ns of opts.factoryNamespaces ?? DEFAULT_FACTORY) {
    if (name.startsWith(`${ns}::`)) return true;
  }
  return false;
}

export function isSystemFrame(f: Frame): boolean {
  return f.rom === true || f.file === '' || SYSTEM_PATH.test(f.file);
}

/** The first frame (inlined frames included) outside the allocator and the system; else the first frame. */
export function pickCaller(
  symbols: readonly SymbolInfo[],
  opts: SiteOptions = {},
): SymbolInfo | null {
  for (const s of symbols) {
    for (const f of [s, ...(s.inlinedBy ?? [])]) {
      if (!isSystemFrame(f) && !isAllocatorFrame(f, opts)) {
        return { address: s.address, function: f.function, file: f.file, fileLine: f.fileLine };
      }
    }
  }
  return symbols[0] ?? null;
}

/** A failure's line in the user's code: its first decoded frame outside the allocator and the system. */
export function failureSite(frames: readonly SourceFrame[]): SourceFrame | undefined {
  return frames.find((f) => {
    const frame = { function: f.function, file: f.file, fileLine: f.line };
    return !isSystemFrame(frame) && !isAllocatorFrame(frame);
  });
}
