/**
 * The timeline chart's data from a snapshot, as uPlot's aligned columns: x in seconds of device
 * time, free internal bytes, the largest free internal block, free PSRAM bytes, and the failures
 * as a points-only series drawn at the internal-free level of their moment (failures without a
 * timestamp sit at the latest time). Also the honest axis ranges: each memory from 0 to its size.
 */
import type { HeapSnapshot } from '../../server/protocol/snapshot';

export interface ChartColumns {
  x: number[];
  internal: (number | null)[];
  largest: (number | null)[];
  psram: (number | null)[];
  failures: (number | null)[];
  failureCount: number;
  /** The biggest DMA/internal-only request seen failing: the danger line, when known. */
  danger: number | null;
}

/** Upper ends of the y axes (bytes) and of the x axis (s); every axis starts at 0. */
export interface ChartScale {
  internal: number;
  psram: number;
  seconds: number;
}

export function chartColumns(s: HeapSnapshot): ChartColumns {
  const points = s.timeline.map((p) => ({
    t: p.time / 1000,
    internal: p.internalFree,
    largest: p.internalLargest ?? null,
    psram: p.psramFree,
    fail: null as number | null,
  }));
  const lastTime = points.length > 0 ? Math.max(...points.map((p) => p.t)) : 0;
  for (const f of s.failures) {
    const t = f.time === null ? lastTime : f.time / 1000;
    points.push({ t, internal: null, largest: null, psram: null, fail: levelAt(s, t) });
  }
  // uPlot needs ascending x; a stable sort keeps same-time samples in log order.
  points.sort((a, b) => a.t - b.t);
  return {
    x: points.map((p) => p.t),
    internal: points.map((p) => p.internal),
    largest: points.map((p) => p.largest),
    psram: points.map((p) => p.psram),
    failures: points.map((p) => p.fail),
    failureCount: s.failures.length,
    danger: s.largestInternalRequest ?? null,
  };
}

/**
 * The axis ends for one snapshot: internal and PSRAM each from 0 to the memory's size (the
 * summary's totals), so a 4 KiB change on 8 MiB of PSRAM draws as the small change it is.
 * Without totals the largest plotted value decides.
 */
export function chartScale(s: HeapSnapshot, c: ChartColumns = chartColumns(s)): ChartScale {
  let internal = 0;
  let psram = 0;
  for (const k of s.summary) {
    if (k.kind === 'internalDma' || k.kind === 'internalOther') internal += k.total;
    if (k.kind === 'psram') psram += k.total;
  }
  const max = (xs: (number | null)[]) =>
    xs.reduce<number>((m, v) => (v === null ? m : Math.max(m, v)), 0);
  return {
    internal: Math.max(internal, max(c.internal), c.danger ?? 0, 1),
    psram: Math.max(psram, max(c.psram), 1),
    // The x axis ends at the last sample (a run of 0.2 s is not drawn on 1 s).
    seconds: Math.max(c.x.length > 0 ? c.x[c.x.length - 1] : 0, 0.001),
  };
}

/** One scale for several charts (the Simulator's A and B): the larger end of each axis. */
export function sharedScale(scales: readonly ChartScale[]): ChartScale {
  return {
    internal: Math.max(1, ...scales.map((s) => s.internal)),
    psram: Math.max(1, ...scales.map((s) => s.psram)),
    seconds: Math.max(0.001, ...scales.map((s) => s.seconds)),
  };
}

/** The last non-null value of a column (the legend shows it when the cursor is not on the chart). */
export function latest(column: readonly (number | null)[]): number | null {
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
  return null;
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
