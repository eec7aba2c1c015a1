/**
 * Bounds on one simulation, so a scenario from a file or the Simulator tab cannot hang the CLI or
 * the language server, exhaust its memory or overflow its stack (docs/reliability.md lists them).
 * Each bound fails with one `ScenarioError` line naming the limit.
 */
import { MAX_NESTING, ScenarioError } from './scenario';

export const LIMITS = {
  /** Allocations (allocate steps × count, through every repeat). */
  allocations: 250_000,
  /** Steps executed, counting every repeat iteration. */
  steps: 1_000_000,
  /** `snapshot` steps executed: each one is a heap_caps_print_heap_info block over every heap. */
  snapshots: 50_000,
  /** Heap events recorded (the stream `simulate --events` prints and the panel replays). */
  events: 2_000_000,
  /** Objects visited by free / releaseWeak / lockWeak steps (each step scans its label's objects). */
  objectVisits: 50_000_000,
  /** `repeat` inside `repeat` (checked while parsing, server/sim/scenario.ts). */
  nesting: MAX_NESTING,
} as const;

export interface Cost {
  steps: number;
  allocations: number;
  snapshots: number;
}

/** What a scenario's steps cost when run (repeat multiplies); exact, computed before running. */
export function planCost(
  steps: readonly { op: string; count?: number; times?: number; steps?: readonly unknown[] }[],
): Cost {
  const cost: Cost = { steps: 0, allocations: 0, snapshots: 0 };
  for (const s of steps) {
    cost.steps += 1;
    if (s.op === 'allocate') cost.allocations += s.count ?? 1;
    else if (s.op === 'snapshot') cost.snapshots += 1;
    else if (s.op === 'repeat') {
      const inner = planCost((s.steps ?? []) as Parameters<typeof planCost>[0]);
      const times = s.times ?? 1;
      cost.steps += times * inner.steps;
      cost.allocations += times * inner.allocations;
      cost.snapshots += times * inner.snapshots;
    }
  }
  return cost;
}

/** Throws when the planned cost exceeds a limit, before anything runs. */
export function checkCost(cost: Cost): void {
  const over = (what: (n: number) => string, n: number, limit: number) => {
    if (n > limit) throw new ScenarioError(`steps: the scenario ${what(n)}; the limit is ${limit}`);
  };
  over((n) => `runs ${n} steps`, cost.steps, LIMITS.steps);
  over((n) => `makes ${n} allocations`, cost.allocations, LIMITS.allocations);
  over((n) => `takes ${n} snapshots`, cost.snapshots, LIMITS.snapshots);
}

/** Thrown when the caller's `cancelled` check says stop (the server cancelled the request). */
export class SimulationCancelled extends ScenarioError {
  constructor() {
    super('simulation cancelled');
    this.name = 'SimulationCancelled';
  }
}
