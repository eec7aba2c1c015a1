/**
 * Runs a scenario: boots the chip's heaps, executes the steps (allocations through the C++
 * models and the placement policy, frees, weak references, snapshots), and returns the shared
 * heap event stream together with the `simulate --json` result.
 */
import type { HeapEvent } from '../protocol/events';
import type { SdkValue } from '../project/sdkconfig';
import { CAPS_INTERNAL_8BIT, parseCaps } from '../target/caps';
import { bootSystem, type BootResult } from './boot';
import { resolveConfig, type SimConfig } from './config';
import {
  LAZY_MUTEX_PARTS,
  controlHeader,
  planAllocations,
  sharedOwnership,
  type AllocPart,
  type ObjectType,
} from '../target/cppModels';
import { EventRecorder } from './eventLog';
import { FactoryCounters } from './factoryStats';
import type { SimHeap } from './heap';
import { atLeast } from '../target/idfVersion';
import type { Placement } from './placement';
import {
  groupRows,
  heapRow,
  totalsByKind,
  type AllocationRow,
  type SimulationResult,
} from './result';
import { ScenarioError, type AllocateStep, type Scenario, type Step } from './scenario';
import { LIMITS, SimulationCancelled, checkCost, planCost } from './limits';

export interface RunOptions {
  /**
   * Polled while the steps run (every few thousand operations); true stops the run with
   * `SimulationCancelled`. A worker reads a shared flag here (its event loop is busy meanwhile).
   */
  cancelled?: () => boolean;
}

/** How many operations run between two `cancelled` polls. */
const POLL_EVERY = 4096;

export interface RunOutput {
  events: HeapEvent[];
  result: SimulationResult;
}

interface LivePart {
  heap: SimHeap;
  address: number;
  row: AllocationRow;
}

interface LiveObject {
  parts: LivePart[];
  /** Owned through a shared_ptr control block (weak_ptr and lock() apply). */
  shared: boolean;
  weak: boolean;
  strong: boolean;
  mutexLocked: boolean;
}

/** A label's objects by allocation index, for frees of one object (`free.object`). */
interface ByIndex {
  objects: Map<number, LiveObject>;
  /** Objects freed this way but still in the label's list (compacted in bulk, not per free). */
  dead: number;
}

export function runScenario(
  scenario: Scenario,
  sdkconfig?: ReadonlyMap<string, SdkValue>,
  options: RunOptions = {},
): RunOutput {
  const cfg = resolveConfig(scenario, sdkconfig);
  checkCost(planCost(scenario.steps));
  return new Run(scenario, cfg, options.cancelled ?? (() => false)).execute();
}

class Run {
  private readonly rec: EventRecorder;
  private readonly boot: BootResult;
  private readonly rows: AllocationRow[] = [];
  private readonly objects = new Map<string, LiveObject[]>();
  private readonly objectCounts = new Map<string, number>();
  private readonly ordinals = new Map<Step, { ordinal: number; path: string }>();
  private readonly factory = new FactoryCounters();
  private readonly byIndex = new Map<string, ByIndex>();
  /** Operations so far (steps, allocator calls, objects visited), for the bounds and polling. */
  private work = 0;
  private visits = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly cfg: SimConfig,
    private readonly cancelled: () => boolean,
  ) {
    this.rec = new EventRecorder(cfg.chip);
    this.boot = bootSystem(cfg, this.rec);
    for (const a of this.boot.allocations) {
      this.record(a.placement, { label: a.label, method: 'boot', part: 'block', size: a.size });
    }
    this.rec.heapInfo(0, this.boot.system.heaps);
    let n = 0;
    const number = (steps: readonly Step[], path: string) =>
      steps.forEach((s, i) => {
        this.ordinals.set(s, { ordinal: ++n, path: `${path}[${i}]` });
        if (s.op === 'repeat') number(s.steps, `${path}[${i}].steps`);
      });
    number(scenario.steps, 'steps');
  }

  execute(): RunOutput {
    const afterBoot = totalsByKind(this.boot.system.heaps.map(heapRow)).default;
    this.steps(this.scenario.steps);
    this.rec.line = this.ordinals.size + 1;
    if (this.factory.used) this.rec.psramStats(this.factory.message(), this.factory.stats());
    this.rec.heapInfo(0, this.boot.system.heaps);
    const heaps = this.boot.system.heaps.map(heapRow);
    const c = this.cfg;
    const result: SimulationResult = {
      version: 1,
      scenario: this.scenario.name ?? null,
      chip: c.chip,
      idfVersion: c.version.text,
      psramSize: c.psramSize,
      config: {
        spiram: c.spiram,
        psramMapped: c.psramMapped,
        mallocAlwaysInternal: c.spiram === 'malloc' ? c.alwaysInternal : null,
        reserveInternal: this.boot.reservePool,
        poisoning: c.poisoning,
        taskTracking: c.taskTracking,
        lockPolicy: c.lockPolicy,
        controlBlockHeader: controlHeader(c.lockPolicy),
        options: c.options,
      },
      heaps,
      allocations: this.rows,
      totals: totalsByKind(heaps),
      groups: groupRows(this.rows, this.objectCounts),
      boot: {
        allocations: this.boot.allocations.length,
        reservePool: this.boot.reservePool,
        defaultFreeAfterBoot: afterBoot.free,
        defaultMinFreeAfterBoot: afterBoot.minFree,
      },
      failures: this.rows.filter((r) => !r.ok).length,
    };
    return { events: this.rec.events, result };
  }

  private steps(steps: readonly Step[]): void {
    for (const s of steps) {
      this.account(1);
      const where = this.ordinals.get(s);
      this.rec.line = where?.ordinal ?? 0;
      switch (s.op) {
        case 'allocate':
          this.allocate(s);
          break;
        case 'free':
          if (s.object !== undefined) this.releaseOne(s.label, s.object, where?.path);
          else this.release(this.visit(this.live(s.label, where?.path)), s.count, s.order);
          break;
        case 'releaseWeak':
          for (const o of this.visit(this.live(s.label, where?.path))) {
            o.weak = false;
            if (!o.strong) this.freeParts(o, () => true);
          }
          this.prune(s.label);
          break;
        case 'lockWeak':
          for (const o of this.visit(this.live(s.label, where?.path))) this.lockWeak(s.label, o);
          break;
        case 'snapshot':
          this.rec.heapInfo(s.caps, this.boot.system.matching(s.caps));
          break;
        case 'repeat':
          for (let i = 0; i < s.times; i++) this.steps(s.steps);
          break;
      }
    }
  }

  /** Counts `n` operations against the bounds; polls for cancellation now and then. */
  private account(n: number): void {
    const before = this.work;
    this.work += n;
    if (this.rec.events.length > LIMITS.events) {
      throw new ScenarioError(`steps: the scenario records more than ${LIMITS.events} heap events`);
    }
    if (
      Math.floor(before / POLL_EVERY) !== Math.floor(this.work / POLL_EVERY) &&
      this.cancelled()
    ) {
      throw new SimulationCancelled();
    }
  }

  /** The objects a free / releaseWeak / lockWeak step scans, counted against `objectVisits`. */
  private visit(list: LiveObject[]): LiveObject[] {
    this.visits += list.length;
    if (this.visits > LIMITS.objectVisits) {
      throw new ScenarioError(
        `steps: the scenario's free/releaseWeak/lockWeak steps visit more than ${LIMITS.objectVisits} objects`,
      );
    }
    this.account(list.length);
    return list;
  }

  private objectType(s: AllocateStep): ObjectType {
    if (s.type !== undefined) {
      // Own properties only: "toString" or "__proto__" must not find Object.prototype's members.
      const t = Object.hasOwn(this.scenario.types, s.type)
        ? this.scenario.types[s.type]
        : undefined;
      if (!t) {
        throw new ScenarioError(
          `${this.ordinals.get(s)?.path ?? 'steps'}.type: "${s.type}" is not defined in "types"`,
        );
      }
      return { size: s.size ?? t.size, align: s.align ?? t.align };
    }
    return { size: s.size ?? 0, align: s.align ?? 4 };
  }

  private allocate(s: AllocateStep): void {
    const t = this.objectType(s);
    const chain = s.caps === undefined ? [] : Array.isArray(s.caps) ? s.caps : [s.caps];
    const plan = planAllocations(s.method, t, {
      policy: this.cfg.lockPolicy,
      elements: s.elements,
      cookie: s.cookie,
      allocatorCaps: s.allocator ? s.allocator.caps.map((c) => parseCaps(c)) : null,
      allocatorState: s.allocator?.stateBytes ?? 0,
      caps: chain,
    });
    const list = this.objects.get(s.label) ?? [];
    this.objects.set(s.label, list);
    const first = this.objectCounts.get(s.label) ?? 0;
    this.objectCounts.set(s.label, first + s.count);
    let index = this.byIndex.get(s.label);
    if (!index) {
      index = { objects: new Map(), dead: 0 };
      this.byIndex.set(s.label, index);
    }
    for (let i = 0; i < s.count; i++) {
      const parts: LivePart[] = [];
      let ok = true;
      for (const part of plan) {
        const placement = this.place(part);
        const row = this.record(placement, {
          label: s.label,
          method: s.method,
          part: part.role,
          size: part.size,
        });
        if (!placement.ok) {
          ok = false;
          break;
        }
        parts.push({ heap: placement.heap, address: placement.address, row });
      }
      const shared = sharedOwnership(s.method);
      const obj: LiveObject = {
        parts,
        shared,
        weak: s.weak && shared,
        strong: true,
        mutexLocked: false,
      };
      // A failed construction gives back what it already took (make_shared allocates nothing more;
      // shared_ptr(new T) deletes T when its control block cannot be allocated).
      if (ok) {
        list.push(obj);
        index.objects.set(first + i, obj);
      } else this.freeParts(obj, () => true);
    }
  }

  private place(part: AllocPart): Placement {
    const sys = this.boot.system;
    this.account(1);
    this.rec.tick();
    switch (part.route.kind) {
      case 'new':
        // Aligned operator new only beyond __STDCPP_DEFAULT_NEW_ALIGNMENT__ (8).
        return sys.mallocDefault(part.size, part.align > 8 ? part.align : 4);
      case 'malloc':
        return sys.mallocDefault(part.size);
      case 'caps':
        return part.route.chain.length === 1
          ? sys.heapCapsMalloc(part.size, part.route.chain[0], part.align)
          : sys.mallocPrefer(part.size, part.route.chain, part.align, 'heap_caps_malloc');
    }
  }

  private record(
    p: Placement,
    what: { label: string; method: string; part: string; size: number },
  ): AllocationRow {
    const row: AllocationRow = {
      id: this.rows.length + 1,
      step: this.rec.line,
      label: what.label,
      method: what.method,
      part: what.part,
      requestedSize: what.size,
      blockSize: p.ok ? p.block : 0,
      charged: p.ok ? p.charged : 0,
      heap: p.ok ? p.heap.name : null,
      address: p.ok ? p.address : null,
      memory: p.ok ? p.heap.spec.memory : null,
      caps: p.caps,
      fallback: p.ok && p.fallbacks > 0,
      ok: p.ok,
      live: p.ok,
    };
    this.rows.push(row);
    if (p.ok && what.method === 'psram_factory') {
      this.factory.allocated(what.size, p.heap.spec.memory === 'psram');
    }
    if (p.ok) {
      this.rec.allocation({
        address: p.address,
        size: what.size,
        charged: p.charged,
        heap: p.heap.name,
        label: what.label,
        method: what.method,
      });
    } else {
      this.rec.allocFailed(what.size, p.caps, p.function);
    }
    return row;
  }

  private live(label: string, path = 'steps'): LiveObject[] {
    const list = this.objects.get(label);
    if (!list) {
      throw new ScenarioError(
        `${path}.label: nothing was allocated as "${label}" before this step`,
      );
    }
    return list;
  }

  private release(list: LiveObject[], count: number | undefined, order: 'oldest' | 'newest'): void {
    const strong = list.filter((o) => o.strong);
    const chosen = order === 'newest' ? strong.reverse() : strong;
    for (const o of chosen.slice(0, count ?? chosen.length)) {
      o.strong = false;
      // A weak_ptr keeps the control block (and a make_shared block with the object in it).
      this.freeParts(o, (p) => !o.weak || p.row.part === 'object');
    }
    list.splice(0, list.length, ...list.filter((o) => o.parts.length > 0));
  }

  /** Free the `index`-th object of `label` (no-op when it failed or is already freed). */
  private releaseOne(label: string, index: number, path?: string): void {
    const list = this.live(label, path);
    const by = this.byIndex.get(label);
    const o = by?.objects.get(index);
    if (!by || !o) return;
    by.objects.delete(index);
    if (!o.strong) return;
    o.strong = false;
    this.freeParts(o, (p) => !o.weak || p.row.part === 'object');
    if (o.parts.length > 0) return;
    // Drop freed objects from the list in bulk, once they are half of it: a filter per free
    // would make a replay of n frees cost n².
    if (++by.dead * 2 > list.length) {
      let w = 0;
      for (const x of list) if (x.parts.length > 0) list[w++] = x;
      list.length = w;
      by.dead = 0;
    }
  }

  private prune(label: string): void {
    const list = this.objects.get(label) ?? [];
    list.splice(0, list.length, ...list.filter((o) => o.parts.length > 0));
  }

  private freeParts(o: LiveObject, which: (p: LivePart) => boolean): void {
    const keep: LivePart[] = [];
    for (const p of o.parts) {
      if (!which(p)) {
        keep.push(p);
        continue;
      }
      this.rec.tick();
      const freed = this.boot.system.free(p.address);
      if (freed) {
        p.row.live = false;
        if (p.row.method === 'psram_factory') this.factory.freed(p.row.requestedSize);
        this.rec.deallocation(p.address, p.row.requestedSize);
      }
    }
    o.parts = keep;
  }

  /** First `weak_ptr::lock()` on a control block: the lazy pthread mutex of the mutex policy
   * (docs/reference/shared-ptr-layout.md E4). */
  private lockWeak(label: string, o: LiveObject): void {
    if (this.cfg.lockPolicy !== 'mutex' || !o.shared || o.mutexLocked || o.parts.length === 0) {
      return;
    }
    o.mutexLocked = true;
    const sys = this.boot.system;
    const internalRtos = atLeast(this.cfg.version, 5, 1);
    for (const m of LAZY_MUTEX_PARTS) {
      this.rec.tick();
      const p =
        m.via === 'pvPortMalloc' && internalRtos
          ? sys.heapCapsMalloc(m.size, CAPS_INTERNAL_8BIT, 4, 'pvPortMalloc')
          : sys.mallocDefault(m.size);
      this.record(p, { label, method: 'lazy mutex', part: 'mutex', size: m.size });
    }
  }
}
