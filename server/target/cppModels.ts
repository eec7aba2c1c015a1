/**
 * How C++ constructions turn into heap requests on 32-bit ESP targets
 * (docs/reference/shared-ptr-layout.md): libstdc++ control-block layouts per lock policy, and for
 * each construction method the list of allocations it makes, with the route each takes (operator
 * new → malloc policy, or an allocator calling heap_caps_malloc with fixed caps).
 */
import { CAPS_DEFAULT_INTERNAL, CAPS_SPIRAM_8BIT } from './caps';
import type { LockPolicy } from './chips';

export const METHODS = [
  'malloc',
  'new',
  'make_unique',
  'new[]',
  'make_shared',
  'shared_ptr_new',
  'allocate_shared',
  'psram_factory',
  'heap_caps_malloc',
] as const;
export type Method = (typeof METHODS)[number];

/** Which allocations a method makes and how each is routed. */
export interface AllocPart {
  /** What the block holds: the whole make_shared block, the T object, the separate control block, ... */
  role: 'block' | 'object' | 'control' | 'array';
  size: number;
  align: number;
  /** `new` = operator new → malloc policy; `caps` = heap_caps_malloc with each caps set in turn. */
  route: { kind: 'new' } | { kind: 'malloc' } | { kind: 'caps'; chain: number[] };
}

export interface ObjectType {
  size: number;
  align: number;
}

export interface MethodOptions {
  policy: LockPolicy;
  /** new[]: number of elements per array. */
  elements: number;
  /** new[]: T has a non-trivial destructor, so the array carries a count cookie. */
  cookie: boolean;
  /** allocate_shared: caps chain of the allocator (none = std::allocator → operator new). */
  allocatorCaps: number[] | null;
  /** allocate_shared: bytes of allocator state stored in the control block (0 = empty, EBO). */
  allocatorState: number;
  /** heap_caps_malloc: caps chain. */
  caps: number[];
}

/** `_Sp_counted_base`: vptr + use + weak (+ mutex word under the mutex policy). */
export function controlHeader(policy: LockPolicy): number {
  return policy === 'atomic' ? 12 : 16;
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** sizeof(`_Sp_counted_ptr_inplace<T, A, Lp>`): header, allocator copy, aligned T, rounded (E2). */
export function inplaceSize(t: ObjectType, policy: LockPolicy, allocatorState = 0): number {
  const align = Math.max(1, t.align);
  const body = roundUp(controlHeader(policy) + allocatorState, align) + Math.max(1, t.size);
  return roundUp(body, Math.max(4, align));
}

/** sizeof(`_Sp_counted_ptr<T*, Lp>`): header + the owned pointer. */
export function countedPtrSize(policy: LockPolicy): number {
  return controlHeader(policy) + 4;
}

/**
 * The PSRAM factory's allocator (docs/header.md): PSRAM first, then internal RAM the way malloc()
 * asks for it (DEFAULT|INTERNAL), which never takes the reserve pool (docs/reference/malloc-policy.md C5).
 */
export const PSRAM_FACTORY_CHAIN = [CAPS_SPIRAM_8BIT, CAPS_DEFAULT_INTERNAL];

/** The allocations `method` makes for one object of type `t` (E3). */
export function planAllocations(method: Method, t: ObjectType, o: MethodOptions): AllocPart[] {
  const viaNew = { kind: 'new' } as const;
  switch (method) {
    case 'malloc':
      return [{ role: 'block', size: t.size, align: 4, route: { kind: 'malloc' } }];
    case 'heap_caps_malloc':
      return [
        { role: 'block', size: t.size, align: t.align, route: { kind: 'caps', chain: o.caps } },
      ];
    case 'new':
    case 'make_unique':
      // operator new(0) asks malloc(1).
      return [{ role: 'object', size: Math.max(1, t.size), align: t.align, route: viaNew }];
    case 'new[]': {
      const cookie = o.cookie ? Math.max(4, t.align) : 0;
      return [
        {
          role: 'array',
          size: Math.max(1, t.size * o.elements + cookie),
          align: t.align,
          route: viaNew,
        },
      ];
    }
    case 'make_shared':
      return [{ role: 'block', size: inplaceSize(t, o.policy), align: t.align, route: viaNew }];
    case 'shared_ptr_new':
      return [
        { role: 'object', size: Math.max(1, t.size), align: t.align, route: viaNew },
        { role: 'control', size: countedPtrSize(o.policy), align: 4, route: viaNew },
      ];
    case 'allocate_shared': {
      const size = inplaceSize(t, o.policy, o.allocatorState);
      const route = o.allocatorCaps ? ({ kind: 'caps', chain: o.allocatorCaps } as const) : viaNew;
      return [{ role: 'block', size, align: t.align, route }];
    }
    case 'psram_factory':
      return [
        {
          role: 'block',
          size: inplaceSize(t, o.policy),
          align: t.align,
          route: { kind: 'caps', chain: PSRAM_FACTORY_CHAIN },
        },
      ];
  }
}

/**
 * RISC-V mutex policy: the first `weak_ptr::lock()` on a control block creates the lazily
 * initialised pthread mutex (8-byte wrapper via malloc + a FreeRTOS mutex via pvPortMalloc),
 * never released (E4). Sizes of the FreeRTOS queue are approximate (≈ 88 B in total).
 */
export const LAZY_MUTEX_PARTS: readonly { size: number; via: 'malloc' | 'pvPortMalloc' }[] = [
  { size: 8, via: 'malloc' },
  { size: 80, via: 'pvPortMalloc' },
];

/** Methods whose objects are owned through a shared_ptr control block (so a weak_ptr can exist). */
export function sharedOwnership(method: Method): boolean {
  return (
    method === 'make_shared' ||
    method === 'shared_ptr_new' ||
    method === 'allocate_shared' ||
    method === 'psram_factory'
  );
}
