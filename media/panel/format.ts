/** Number formatting shared by the summary, the table and the chart axes. */
import type { MemoryKind } from '../../server/protocol/events';
import type { SummaryKind } from '../../server/protocol/snapshot';

const UNITS = ['B', 'KiB', 'MiB', 'GiB'];

/** 1536 → "1.5 KiB"; exact bytes below 10 KiB keep one decimal so small changes stay visible. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${UNITS[u]}`;
}

/** Addresses as the device prints them in heap dumps: 0x + 8 lower-case hex digits. */
export function formatAddress(a: number): string {
  return `0x${(a >>> 0).toString(16).padStart(8, '0')}`;
}

const intFormat = new Intl.NumberFormat('en-US');

/** 100000 → "100,000" (one formatter: creating one per call shows up when scrolling). */
export function formatInt(n: number): string {
  return intFormat.format(n);
}

export const MEMORY_LABELS: Record<MemoryKind, string> = {
  internal: 'Internal',
  iram: 'IRAM',
  rtc: 'RTC',
  psram: 'PSRAM',
  unknown: 'Unknown',
};

export const SUMMARY_LABELS: Record<SummaryKind, string> = {
  internalDma: 'Internal, DMA-capable',
  internalOther: 'Internal, other',
  iram: 'IRAM (heap)',
  rtc: 'RTC RAM',
  psram: 'PSRAM',
};

/** "main.cpp:42" from a decoded path (the directory is in the tooltip). */
export function shortLocation(file: string, line: number): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return `${base}:${line}`;
}

/**
 * Tick labels for a byte axis: one unit for the whole axis, chosen by its upper end, and just
 * enough decimals that neighbouring ticks differ (never "8.00 MiB" three times).
 */
export function formatAxisBytes(ticks: readonly number[], axisMax: number, step: number): string[] {
  let u = 0;
  let unit = 1;
  while (axisMax >= unit * 1024 && u < UNITS.length - 1) {
    unit *= 1024;
    u++;
  }
  const digits = step > 0 ? Math.min(3, Math.max(0, Math.ceil(-Math.log10(step / unit)))) : 0;
  return ticks.map((v) => `${(v / unit).toFixed(u === 0 ? 0 : digits)} ${UNITS[u]}`);
}
