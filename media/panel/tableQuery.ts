/**
 * Filtering and sorting of allocation rows: pure functions over the row array, so that they are
 * unit-tested in Node and the table only maps the resulting index list onto the screen.
 */
import type { MemoryKind } from '../../server/protocol/events';
import type { AllocationRow } from '../../server/protocol/snapshot';

export type SortKey = 'id' | 'address' | 'size' | 'memory' | 'region' | 'caller' | 'live';

export interface TableQuery {
  memory: MemoryKind | 'all';
  liveness: 'all' | 'live' | 'freed';
  minSize: number | null;
  maxSize: number | null;
  /** Case-insensitive text matched against caller, file, label, region and hex address. */
  text: string;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: TableQuery = {
  memory: 'all',
  liveness: 'all',
  minSize: null,
  maxSize: null,
  text: '',
  sort: 'id',
  descending: false,
};

export function callerText(r: AllocationRow): string {
  if (!r.caller) return r.label ?? '';
  const fn = r.caller.function || '?';
  return r.caller.file ? `${fn} ${r.caller.file}:${r.caller.fileLine}` : fn;
}

/** Builds the row predicate once per query (the text is lower-cased once, not per row). */
export function rowMatcher(q: TableQuery): (r: AllocationRow) => boolean {
  const text = q.text.trim().toLowerCase();
  return (r) => {
    if (q.memory !== 'all' && r.memory !== q.memory) return false;
    if (q.liveness === 'live' && !r.live) return false;
    if (q.liveness === 'freed' && r.live) return false;
    if (q.minSize !== null && r.size < q.minSize) return false;
    if (q.maxSize !== null && r.size > q.maxSize) return false;
    if (text === '') return true;
    const hay = `${callerText(r)} ${r.label ?? ''} ${r.region ?? ''} ${(r.address >>> 0).toString(16)}`;
    return hay.toLowerCase().includes(text);
  };
}

type Cmp = (a: AllocationRow, b: AllocationRow) => number;

const byKey: Record<SortKey, Cmp> = {
  id: (a, b) => a.id - b.id,
  address: (a, b) => a.address - b.address,
  size: (a, b) => a.size - b.size,
  memory: (a, b) => a.memory.localeCompare(b.memory),
  region: (a, b) => (a.region ?? '').localeCompare(b.region ?? ''),
  caller: (a, b) => callerText(a).localeCompare(callerText(b)),
  live: (a, b) => Number(b.live) - Number(a.live),
};

/** A total order: the chosen key, then arrival order, so equal keys never shuffle between renders. */
export function rowComparator(q: TableQuery): Cmp {
  const key = byKey[q.sort];
  const sign = q.descending ? -1 : 1;
  return (a, b) => sign * key(a, b) || a.id - b.id;
}

/** Indices into `rows` of the rows that pass the query, in display order. */
export function queryRows(rows: readonly AllocationRow[], q: TableQuery): number[] {
  const match = rowMatcher(q);
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (match(rows[i])) out.push(i);
  if (q.sort !== 'id' || q.descending) {
    const cmp = rowComparator(q);
    out.sort((i, j) => cmp(rows[i], rows[j]));
  }
  return out;
}

/**
 * Adds newly arrived rows (indices `from`..rows.length-1) to an existing view in place: appended
 * in arrival order, else binary-inserted, so a live stream does not re-sort 100,000 rows per batch.
 */
export function extendView(
  view: number[],
  rows: readonly AllocationRow[],
  from: number,
  q: TableQuery,
): void {
  const match = rowMatcher(q);
  const appendOnly = q.sort === 'id' && !q.descending;
  const cmp = rowComparator(q);
  for (let i = from; i < rows.length; i++) {
    if (!match(rows[i])) continue;
    if (appendOnly) {
      view.push(i);
      continue;
    }
    let lo = 0;
    let hi = view.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(rows[view[mid]], rows[i]) <= 0) lo = mid + 1;
      else hi = mid;
    }
    view.splice(lo, 0, i);
  }
}
