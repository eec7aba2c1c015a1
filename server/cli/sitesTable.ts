/**
 * The top allocation sites as text, for `parse-log` and `report`: internal bytes (live, peak),
 * PSRAM bytes, live count, allocations and failures per source line.
 */
import { relative, sep } from 'node:path';
import type { SiteRow } from '../protocol/snapshot';

/** Relative to the current directory when the file is under it (device paths often are not). */
function shown(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r.split(sep).join('/') : file;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Where a site is, as a user reads it: `main/app.cpp:42 (build)`, else its key. */
export function siteLabel(s: SiteRow): string {
  if (s.file && s.fileLine > 0) {
    const fn = s.function ? ` (${s.function.replace(/\(.*$/, '')})` : '';
    return `${shown(s.file)}:${s.fileLine}${fn}`;
  }
  return s.key;
}

export function sitesTable(sites: readonly SiteRow[], top: number): string[] {
  const rows = sites.slice(0, top);
  const lines = ['  internal B   peak int. B     PSRAM B    live   allocs  fails  site'];
  for (const s of rows) {
    const psram = s.memory.psram?.liveBytes ?? 0;
    lines.push(
      `  ${n(s.internalBytes).padStart(10)} ${n(s.internalPeakBytes).padStart(13)} ${n(psram).padStart(11)} ${n(s.liveCount).padStart(7)} ${n(s.allocs).padStart(8)} ${String(s.failures).padStart(6)}  ${siteLabel(s)}`,
    );
  }
  if (sites.length > rows.length) lines.push(`  … ${sites.length - rows.length} more sites`);
  return lines;
}
