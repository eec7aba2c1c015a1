/**
 * The timeline of free internal RAM (with its largest free block and the danger line: the biggest
 * DMA/internal-only request seen failing) and free PSRAM over device time, failures marked, drawn
 * by uPlot. Honest axes: each memory from 0 to its size, one unit per axis; charts that are
 * compared (Simulator A and B) share one scale. The legend shows the latest values, and the values
 * under the cursor on hover. Colours come from the VS Code theme and are re-read on theme change
 * (the chart is rebuilt: uPlot fixes stroke colours at construction).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HeapSnapshot } from '../../server/protocol/snapshot';
import { chartColumns, chartScale, latest, type ChartColumns, type ChartScale } from './chartData';
import { formatAxisBytes, formatBytes } from './format';
import { EMPTY_SNAPSHOT } from './panelModel';
import { readChartColors, type ChartColors } from './theme';

const HEIGHT = 150;

export class TimelineChart {
  private plot: uPlot | null = null;
  private columns: ChartColumns = chartColumns(EMPTY_SNAPSHOT);
  private ownScale: ChartScale = chartScale(EMPTY_SNAPSHOT);
  private fixedScale: ChartScale | null = null;
  private readonly resize: ResizeObserver;

  constructor(private readonly host: HTMLElement) {
    this.resize = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.resize.observe(host);
  }

  /** What the chart currently plots (read by the browser tests). */
  get data(): ChartColumns {
    return this.columns;
  }

  /** The axis ends in use: a shared scale when one is set, else this snapshot's own. */
  get scale(): ChartScale {
    return this.fixedScale ?? this.ownScale;
  }

  /** The scale this snapshot alone would use (the Simulator merges A's and B's). */
  get naturalScale(): ChartScale {
    return this.ownScale;
  }

  update(snapshot: HeapSnapshot): void {
    this.columns = chartColumns(snapshot);
    this.ownScale = chartScale(snapshot, this.columns);
    this.host.dataset.points = String(snapshot.timeline.length);
    this.host.dataset.failures = String(this.columns.failureCount);
    this.redraw();
  }

  /** Pins the axes (null: back to this snapshot's own); used so compared charts read alike. */
  setScale(scale: ChartScale | null): void {
    this.fixedScale = scale;
    this.redraw();
  }

  /** Rebuilds with the current theme colours (called on theme change). */
  rebuild(): void {
    this.plot?.destroy();
    this.plot = new uPlot(this.options(readChartColors()), this.aligned(), this.host);
  }

  private redraw(): void {
    const s = this.scale;
    this.host.dataset.internalMax = String(s.internal);
    this.host.dataset.psramMax = String(s.psram);
    if (!this.plot) return this.rebuild();
    this.plot.batch(() => {
      this.plot!.setData(this.aligned(), false);
      this.plot!.setScale('x', { min: 0, max: s.seconds });
      this.plot!.setScale('internal', { min: 0, max: s.internal });
      this.plot!.setScale('psram', { min: 0, max: s.psram });
    });
  }

  private aligned(): uPlot.AlignedData {
    const c = this.columns;
    const danger = c.x.map(() => c.danger);
    return [c.x, c.internal, c.largest, danger, c.psram, c.failures];
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(240, this.host.clientWidth), height: HEIGHT };
  }

  private options(c: ChartColors): uPlot.Options {
    const scale = () => this.scale;
    const byteAxis = (key: 'internal' | 'psram', side: 1 | 3, label: string): uPlot.Axis => ({
      scale: key,
      side,
      label,
      labelSize: 14,
      stroke: c.foreground,
      grid: { show: key === 'internal', stroke: c.grid, width: 1 },
      ticks: { stroke: c.grid, width: 1 },
      size: 64,
      values: (_u, splits, _i, _space, incr) => formatAxisBytes(splits, scale()[key], incr),
    });
    // With the cursor off the chart the legend shows each series' latest value, not "–".
    const legendValue =
      (column: () => readonly (number | null)[], fmt: (v: number) => string) =>
      (_u: uPlot, v: number | null, _s: number, idx: number | null): string => {
        const value = idx === null ? latest(column()) : v;
        return value === null ? '–' : fmt(value);
      };
    const width = c.highContrast ? 3 : 2;
    return {
      ...this.size(),
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: false, range: () => [0, scale().seconds] },
        internal: { range: () => [0, scale().internal] },
        psram: { range: () => [0, scale().psram] },
      },
      axes: [
        {
          stroke: c.foreground,
          grid: { stroke: c.grid, width: 1 },
          ticks: { stroke: c.grid, width: 1 },
          values: (_u, splits) => splits.map((v) => `${+v.toFixed(3)}s`),
        },
        byteAxis('internal', 3, 'internal free'),
        byteAxis('psram', 1, 'PSRAM free'),
      ],
      series: [
        {
          label: 'time',
          value: (_u, v, _s, idx) =>
            idx === null ? `${latest(this.columns.x)?.toFixed(3) ?? '–'} s` : `${v.toFixed(3)} s`,
        },
        {
          label: 'internal free',
          scale: 'internal',
          stroke: c.internal,
          width,
          spanGaps: true,
          value: legendValue(() => this.columns.internal, formatBytes),
        },
        {
          label: 'largest block',
          scale: 'internal',
          stroke: c.internal,
          width: 1,
          dash: [2, 3],
          spanGaps: true,
          value: legendValue(() => this.columns.largest, formatBytes),
        },
        {
          label: 'largest DMA request seen',
          scale: 'internal',
          stroke: c.failure,
          width: 1,
          dash: [8, 4],
          value: () => (this.columns.danger === null ? '–' : formatBytes(this.columns.danger)),
        },
        {
          label: 'PSRAM free',
          scale: 'psram',
          stroke: c.psram,
          width,
          dash: [6, 3],
          spanGaps: true,
          value: legendValue(() => this.columns.psram, formatBytes),
        },
        {
          label: 'failures',
          scale: 'internal',
          stroke: c.failure,
          fill: c.failure,
          paths: () => null,
          points: { show: true, size: 9, stroke: c.failure, fill: c.failure },
          value: () => String(this.columns.failureCount),
        },
      ],
    };
  }
}
