/**
 * The timeline of free internal RAM and free PSRAM over device time, with allocation failures
 * marked, drawn by uPlot. Colours come from the VS Code theme and are re-read on theme change
 * (the chart is rebuilt: uPlot fixes stroke colours at construction).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HeapSnapshot } from '../../server/protocol/snapshot';
import { chartColumns, type ChartColumns } from './chartData';
import { formatBytes } from './format';
import { EMPTY_SNAPSHOT } from './panelModel';
import { readChartColors, type ChartColors } from './theme';

const HEIGHT = 180;

function options(width: number, c: ChartColors): uPlot.Options {
  const axis = (scale: string, side: 1 | 3): uPlot.Axis => ({
    scale,
    side,
    stroke: c.foreground,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1 },
    size: 70,
    values: (_u, splits) => splits.map((v) => formatBytes(v)),
  });
  const width2 = c.highContrast ? 3 : 2;
  return {
    width,
    height: HEIGHT,
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false }, internal: { auto: true }, psram: { auto: true } },
    axes: [
      {
        stroke: c.foreground,
        grid: { stroke: c.grid, width: 1 },
        ticks: { stroke: c.grid, width: 1 },
        values: (_u, splits) => splits.map((v) => `${v}s`),
      },
      axis('internal', 3),
      { ...axis('psram', 1), grid: { show: false } },
    ],
    series: [
      { label: 'time (s)', value: (_u, v) => (v === null ? '–' : `${v.toFixed(3)} s`) },
      {
        label: 'free internal',
        scale: 'internal',
        stroke: c.internal,
        width: width2,
        spanGaps: true,
        value: (_u, v) => formatBytes(v),
      },
      {
        label: 'free PSRAM',
        scale: 'psram',
        stroke: c.psram,
        width: width2,
        dash: [6, 3],
        spanGaps: true,
        value: (_u, v) => formatBytes(v),
      },
      {
        label: 'allocation failed',
        scale: 'internal',
        stroke: c.failure,
        fill: c.failure,
        paths: () => null,
        points: { show: true, size: 9, stroke: c.failure, fill: c.failure },
        value: (_u, v) => (v === null ? '–' : 'failed'),
      },
    ],
  };
}

export class TimelineChart {
  private plot: uPlot | null = null;
  private columns: ChartColumns = chartColumns(EMPTY_SNAPSHOT);
  private readonly resize: ResizeObserver;

  constructor(private readonly host: HTMLElement) {
    this.resize = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.resize.observe(host);
  }

  /** What the chart currently plots (read by the browser tests). */
  get data(): ChartColumns {
    return this.columns;
  }

  update(snapshot: HeapSnapshot): void {
    this.columns = chartColumns(snapshot);
    this.host.dataset.points = String(snapshot.timeline.length);
    this.host.dataset.failures = String(this.columns.failureCount);
    if (!this.plot) this.rebuild();
    else this.plot.setData(this.aligned());
  }

  /** Rebuilds with the current theme colours (called on theme change). */
  rebuild(): void {
    this.plot?.destroy();
    this.plot = new uPlot(options(this.size().width, readChartColors()), this.aligned(), this.host);
  }

  private aligned(): uPlot.AlignedData {
    const c = this.columns;
    return [c.x, c.internal, c.psram, c.failures];
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(240, this.host.clientWidth), height: HEIGHT };
  }
}
