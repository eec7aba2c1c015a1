/**
 * The timeline chart's data from a snapshot, as uPlot's aligned columns: x in seconds of device
 * time, free internal and free PSRAM bytes, and the failures as a points-only series drawn at the
 * internal-free level of their moment (failures without a timestamp sit at the latest time).
 */
import type { HeapSnapshot } from '../../server/protocol/snapshot';

export interface ChartColumns {
  x: number[];
  internal: (number | null)[];
  psram: (number | null)[];
  failures: (number | null)[];
  failureCount: number;
}

export function chartColumns(s: HeapSnapshot): ChartColumns {
  const points = s.timeline.map((p) => ({
    t: p.time / 1000,
    internal: p.internalFree,
    psram: p.psramFree,
    fail: null as number | null,
  }));
  const lastTime = points.length > 0 ? Math.max(...points.map((p) => p.t)) : 0;
  for (const f of s.failures) {
    const t = f.time === null ? lastTime : f.time / 1000;
    points.push({ t, internal: null, psram: null, fail: levelAt(s, t) });
  }
  // uPlot needs ascending x; a stable sort keeps same-time samples in log order.
  points.sort((a, b) => a.t - b.t);
  return {
    x: points.map((p) => p.t),
    internal: points.map((p) => p.internal),
    psram: points.map((p) => p.psram),
    failures: points.map((p) => p.fail),
    failureCount: s.failures.length,
  };
}

/** Free internal bytes at time t (seconds): the last sample at or before t, else 0. */
function levelAt(s: HeapSnapshot, t: number): number {
  let level: number | null = null;
  for (const p of s.timeline) {
    if (p.time / 1000 > t) break;
    if (p.internalFree !== null) level = p.internalFree;
  }
  return level ?? 0;
}
