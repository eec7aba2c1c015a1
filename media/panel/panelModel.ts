/**
 * The webview's own copy of the live session: rows by arrival, an id → index map for the
 * liveness updates, and the latest snapshot. The host is the source of truth; this model is
 * rebuilt from every `hydrate` and extended by every `batch`.
 */
import type { AllocationRow, HeapSnapshot, SiteRow } from '../../server/protocol/snapshot';

export const EMPTY_SNAPSHOT: HeapSnapshot = {
  chip: null,
  summary: [],
  reservePool: null,
  regions: [],
  timeline: [],
  failures: [],
  warnings: [],
  allocationCount: 0,
};

export interface BatchChange {
  /** Index of the first added row (rows before it were already there). */
  addedFrom: number;
  /** Whether a row's liveness changed (a live/freed filter must be re-run). */
  livenessChanged: boolean;
  /** Whether rows were removed (row indices shifted: the table view must be rebuilt). */
  removed: boolean;
}

export class PanelModel {
  rows: AllocationRow[] = [];
  snapshot: HeapSnapshot = EMPTY_SNAPSHOT;
  seq = 0;
  private index = new Map<number, number>();

  replace(snapshot: HeapSnapshot, rows: AllocationRow[], seq: number): void {
    this.rows = rows;
    this.snapshot = snapshot;
    this.seq = seq;
    this.index = new Map(rows.map((r, i) => [r.id, i]));
  }

  applyBatch(
    snapshot: HeapSnapshot | null,
    added: AllocationRow[],
    updated: AllocationRow[],
    removed: number[],
    seq: number,
  ): BatchChange {
    if (removed.length > 0) {
      const gone = new Set(removed);
      this.rows = this.rows.filter((r) => !gone.has(r.id));
      this.index = new Map(this.rows.map((r, i) => [r.id, i]));
    }
    const addedFrom = this.rows.length;
    for (const r of added) {
      const at = this.index.get(r.id);
      if (at === undefined) {
        this.index.set(r.id, this.rows.length);
        this.rows.push(r);
      } else {
        this.rows[at] = r;
      }
    }
    let livenessChanged = false;
    for (const u of updated) {
      const at = this.index.get(u.id);
      if (at === undefined) continue;
      if (this.rows[at].live !== u.live) livenessChanged = true;
      this.rows[at] = u;
    }
    if (snapshot) this.snapshot = snapshot;
    this.seq = seq;
    return { addedFrom, livenessChanged, removed: removed.length > 0 };
  }

  /** Sites whose figures changed (a batch between snapshots): each replaces its row by key. */
  mergeSites(changed: readonly SiteRow[]): void {
    const byKey = new Map((this.snapshot.sites ?? []).map((s) => [s.key, s]));
    for (const s of changed) byKey.set(s.key, s);
    this.snapshot = { ...this.snapshot, sites: [...byKey.values()] };
  }

  indexOf(id: number): number | undefined {
    return this.index.get(id);
  }
}
