/**
 * sizeof / alignof estimates for ILP32 ESP targets (Xtensa and RISC-V: pointer, int, long = 4;
 * long long and double = 8, 8-aligned) and the libstdc++ shared_ptr control blocks of
 * docs/reference/shared-ptr-layout.md E1–E2 (12-byte header with the atomic lock policy on
 * ESP32/ESP32-S3, 16 bytes with the mutex policy on RISC-V chips and — unverified — ESP32-S2).
 */
import type { ClassShape } from './classShapes';
import { LOCK_POLICY, isChip, type LockPolicy } from '../target/chips';

export interface Layout {
  size: number;
  align: number;
}

const L = (size: number, align = Math.min(size, 4)): Layout => ({ size, align });

/** Sizes of libstdc++ types on ILP32 (GCC 8–15 layouts). */
const KNOWN: Record<string, Layout> = {
  bool: L(1),
  char: L(1),
  'signed char': L(1),
  'unsigned char': L(1),
  int8_t: L(1),
  uint8_t: L(1),
  char8_t: L(1),
  'std::byte': L(1),
  short: L(2),
  'unsigned short': L(2),
  int16_t: L(2),
  uint16_t: L(2),
  char16_t: L(2),
  int: L(4),
  unsigned: L(4),
  'unsigned int': L(4),
  long: L(4),
  'unsigned long': L(4),
  int32_t: L(4),
  uint32_t: L(4),
  float: L(4),
  size_t: L(4),
  'std::size_t': L(4),
  ssize_t: L(4),
  ptrdiff_t: L(4),
  intptr_t: L(4),
  uintptr_t: L(4),
  wchar_t: L(4),
  char32_t: L(4),
  esp_err_t: L(4),
  TickType_t: L(4),
  TaskHandle_t: L(4),
  SemaphoreHandle_t: L(4),
  QueueHandle_t: L(4),
  'std::mutex': L(4),
  'std::atomic_flag': L(4),
  'long long': L(8, 8),
  'unsigned long long': L(8, 8),
  int64_t: L(8, 8),
  uint64_t: L(8, 8),
  double: L(8, 8),
  'long double': L(8, 8),
  time_t: L(8, 8),
  'std::string': L(24),
  'std::wstring': L(24),
  'std::string_view': L(8),
  'std::function': L(16),
  'std::vector': L(12),
  'std::list': L(12),
  'std::deque': L(40),
  'std::map': L(24),
  'std::set': L(24),
  'std::multimap': L(24),
  'std::unordered_map': L(28),
  'std::unordered_set': L(28),
  'std::shared_ptr': L(8),
  'std::weak_ptr': L(8),
  'std::unique_ptr': L(4),
  'std::thread': L(4),
  'std::condition_variable': L(8, 4),
  'std::chrono::milliseconds': L(8, 8),
  'std::chrono::microseconds': L(8, 8),
  'std::chrono::seconds': L(8, 8),
  'std::chrono::nanoseconds': L(8, 8),
  'std::chrono::steady_clock::time_point': L(8, 8),
  'std::chrono::system_clock::time_point': L(8, 8),
};

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Looks a class (or a type alias: a string) up by name, from the namespaces of the use site outward. */
export type ClassLookup = (
  name: string,
  fromNamespaces: string[],
) => ClassShape | string | undefined;

/** Type aliases every ported library has in scope (`using std::string;`, rtc's `binary`). */
function normalise(type: string): string {
  let t = type
    .replace(/\s+/g, ' ')
    .replace(/\bconst\b|\bvolatile\b|\bmutable\b|\bstruct\b|\bclass\b/g, '')
    .trim();
  t = t.replace(/^::/, '');
  const generic = /^((?:std::)?[A-Za-z_][\w:]*)\s*</.exec(t);
  if (generic) t = generic[1];
  if (!t.startsWith('std::') && KNOWN[`std::${t}`] && !KNOWN[t]) t = `std::${t}`;
  return t;
}

/** sizeof/alignof of a type as written, or null when any part is unknown. */
export function layoutOf(
  type: string,
  ns: string[],
  lookup: ClassLookup,
  depth = 0,
): Layout | null {
  if (depth > 16) return null;
  const raw = type.trim();
  if (raw.endsWith('*') || raw.endsWith('&')) return L(4);
  const array = /^std::array\s*<\s*(.+?)\s*,\s*(\d+)\s*>$/.exec(raw);
  if (array) {
    const el = layoutOf(array[1], ns, lookup, depth + 1);
    return el ? { size: el.size * Number(array[2]), align: el.align } : null;
  }
  const atomic = /^std::(?:atomic|optional)\s*<\s*(.+)\s*>$/.exec(raw);
  if (atomic) {
    const inner = layoutOf(atomic[1], ns, lookup, depth + 1);
    if (!inner) return null;
    // std::optional adds an engaged flag after the value.
    return raw.startsWith('std::optional')
      ? { size: roundUp(inner.size + 1, inner.align), align: inner.align }
      : inner;
  }
  const t = normalise(raw);
  if (KNOWN[t]) return KNOWN[t];
  if (/^(?:std::)?enable_shared_from_this$/.test(t)) return L(8);
  const shape = lookup(t.split('::').pop() ?? t, ns);
  if (typeof shape === 'string') return layoutOf(shape, ns, lookup, depth + 1);
  return shape ? classLayout(shape, lookup, depth + 1) : null;
}

/** Itanium C++ ABI layout: vptr first, bases in order, fields in order, tail padding to alignment. */
export function classLayout(shape: ClassShape, lookup: ClassLookup, depth = 0): Layout | null {
  let size = 0;
  let align = 1;
  const place = (l: Layout): void => {
    size = roundUp(size, l.align) + l.size;
    align = Math.max(align, l.align);
  };
  const ns = [...shape.namespaces];
  const bases: { layout: Layout; shape?: ClassShape }[] = [];
  for (const base of shape.bases) {
    const bl = layoutOf(base, ns, lookup, depth + 1);
    if (!bl) return null;
    const found = lookup(normalise(base).split('::').pop() ?? base, ns);
    bases.push({ layout: bl, shape: typeof found === 'object' ? found : undefined });
  }
  // The primary base (the first dynamic one) goes first and lends its vptr; a dynamic class without
  // one puts its own vptr at offset 0, before its bases.
  const primary = bases.findIndex((b) => b.shape?.hasVirtual);
  if (primary > 0) bases.unshift(...bases.splice(primary, 1));
  if (shape.hasVirtual && primary < 0) place(L(4));
  for (const { layout, shape: bs } of bases) {
    const empty = layout.size === 1 && bs && bs.fields.length === 0 && !bs.hasVirtual;
    if (!empty) place(layout);
  }
  for (const f of shape.fields) {
    const fl = f.pointer ? L(4) : layoutOf(f.type, ns, lookup, depth + 1);
    if (!fl || f.dims.some((d) => d === null)) return null;
    const count = f.dims.reduce<number>((a, d) => a * (d ?? 0), 1);
    place({ size: fl.size * count, align: fl.align });
  }
  return { size: Math.max(1, roundUp(size, align)), align };
}

/**
 * The libstdc++ lock policy of the target's toolchain (decides the control-block header); the
 * target's chip table is the one source of it. Unknown target: Xtensa's, where PSRAM is common.
 */
export function lockPolicyFor(target: string | null): LockPolicy {
  return isChip(target) ? LOCK_POLICY[target] : 'atomic';
}
