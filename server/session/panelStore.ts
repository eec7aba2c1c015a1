/**
 * The heap panel's data in the server: the live session's heap model, and the bookkeeping that
 * turns "the model changed" into small `batch` messages (new rows, liveness changes, removed rows)
 * instead of resending 100,000 rows. The webview is re-hydrated from here.
 */
import type { HeapEvent } from '../protocol/events';
import type { PanelState } from '../protocol/heapSession';
import { HeapModel } from '../heap/model';
import type { AllocationRow, FailureMark, SiteRow } from '../protocol/snapshot';
import { CHIPS, type Chip } from '../target/chips';
import type { HostMessage, MonitorStatus, SessionInfo, SimState } from '../protocol/webview';

/** Summary and timeline go out at most this often; rows go out with every batch. */
export const SNAPSHOT_INTERVAL_MS = 200;
/**
 * New rows per message at most (hydrate or batch; ~1.4 MB of JSON): more wait for the next batch,
 * in id order, so no single message costs the extension host more than a few ms to decode.
 */
export const MAX_ROWS_PER_MESSAGE = 5000;

const NOT_SENT = 0;
const SENT_LIVE = 1;
const SENT_FREED = 2;

export class PanelStore {
  private model: HeapModel;
  private session: SessionInfo = { source: 'none', label: '', id: 0 };
  private status: MonitorStatus = { state: 'idle', message: '' };
  private seq = 0;
  private dirty = false;
  /** The snapshot changed since it was last sent. */
  private snapshotDirty = false;
  private snapshotSentAt = -Infinity;
  /** Per row id: what the webview was last told (NOT_SENT / SENT_LIVE / SENT_FREED). */
  private sent = new Uint8Array(1024);
  private acked = { seq: 0, rows: 0 };
  /** Ids of rows not sent yet, ascending (over MAX_ROWS_PER_MESSAGE), and those queued in it. */
  private backlog: number[] = [];
  private backlogAt = 0;
  private readonly queued = new Set<number>();
  readonly sim: SimState = {
    scenarios: [],
    defaults: { source: null, fields: {} },
    runs: {},
    chips: CHIPS,
  };

  constructor(private chip: Chip | null = null) {
    this.model = new HeapModel({ chip });
  }

  /** A new live session: the model and the webview's table start empty. */
  startSession(source: SessionInfo['source'], label: string, chip: Chip | null): HostMessage {
    this.chip = chip;
    this.model = new HeapModel({ chip });
    this.session = { source, label, id: this.session.id + 1 };
    this.sent.fill(NOT_SENT);
    this.clearBacklog();
    this.dirty = false;
    return { type: 'reset', session: this.session, snapshot: this.model.snapshot() };
  }

  apply(events: readonly HeapEvent[]): void {
    for (const e of events) this.model.apply(e);
    if (events.length > 0) {
      this.dirty = true;
      this.snapshotDirty = true;
    }
  }

  /** The chip became known from the log itself (boot lines): addresses classify by it from now on. */
  setChip(chip: Chip): void {
    this.chip = chip;
    this.model.setChip(chip);
  }

  setStatus(status: MonitorStatus): HostMessage {
    this.status = status;
    return { type: 'status', status };
  }

  get hasChanges(): boolean {
    return this.dirty;
  }

  /**
   * Everything the view shows; afterwards every row counts as sent, except those over
   * MAX_ROWS_PER_MESSAGE: they follow in the next batches (`hasChanges` stays true).
   */
  hydrate(): HostMessage {
    const all = this.model.allocations();
    const rows = all.slice(0, MAX_ROWS_PER_MESSAGE);
    this.markAllSent(rows);
    this.ensureCapacity(all.length > 0 ? all[all.length - 1].id : 0);
    for (const r of all.slice(MAX_ROWS_PER_MESSAGE)) this.queue(r.id);
    this.dirty = this.backlog.length > this.backlogAt;
    this.snapshotDirty = false;
    return {
      type: 'hydrate',
      session: this.session,
      status: this.status,
      snapshot: this.model.snapshot(),
      rows,
      seq: this.seq,
      sim: this.sim,
    };
  }

  /**
   * The changes since the last batch or hydrate, or null when nothing changed. A snapshot rides
   * along at most every SNAPSHOT_INTERVAL_MS (it carries the whole timeline); until it has been
   * sent, `hasChanges` stays true so the caller schedules another flush.
   */
  takeBatch(now = performance.now()): HostMessage | null {
    if (!this.dirty) return null;
    const withSnapshot = this.snapshotDirty && now - this.snapshotSentAt >= SNAPSHOT_INTERVAL_MS;
    // O(changes): the model journals what changed since the last batch.
    const { rows, removed: dropped } = this.model.takeChanges();
    const added: AllocationRow[] = [];
    const updated: AllocationRow[] = [];
    this.ensureCapacity(rows.reduce((m, r) => Math.max(m, r.id), 0));
    for (const r of rows) {
      const was = this.sent[r.id];
      const now = r.live ? SENT_LIVE : SENT_FREED;
      // New rows go out in id order through the backlog (a queued one goes with its latest state).
      if (was === NOT_SENT) this.queue(r.id);
      else if (was !== now) {
        updated.push(r);
        this.sent[r.id] = now;
      }
    }
    while (this.backlogAt < this.backlog.length && added.length < MAX_ROWS_PER_MESSAGE) {
      const id = this.backlog[this.backlogAt++];
      this.queued.delete(id);
      const r = this.model.row(id);
      if (!r || this.sent[id] !== NOT_SENT) continue;
      added.push(r);
      this.sent[id] = r.live ? SENT_LIVE : SENT_FREED;
    }
    if (this.backlogAt === this.backlog.length) this.clearBacklog();
    const removed = dropped.filter((id) => id < this.sent.length && this.sent[id] !== NOT_SENT);
    for (const id of removed) this.sent[id] = NOT_SENT;
    if (withSnapshot) {
      this.snapshotDirty = false;
      this.snapshotSentAt = now;
    }
    this.dirty = this.snapshotDirty || this.backlog.length > 0;
    // Changed sites ride every batch (a snapshot carries them all), so the Sites view does not
    // wait for the next snapshot to show a new allocation.
    const sites = this.model.takeSiteChanges();
    if (!withSnapshot && added.length + updated.length + removed.length + sites.length === 0) {
      return null;
    }
    this.seq++;
    return {
      type: 'batch',
      seq: this.seq,
      snapshot: withSnapshot ? this.model.snapshot() : null,
      added,
      updated,
      removed,
      ...(!withSnapshot && sites.length > 0 ? { sites } : {}),
    };
  }

  /** The webview applied batch `seq` and holds `rows` rows. */
  ack(seq: number, rows: number): void {
    if (seq >= this.acked.seq) this.acked = { seq, rows };
  }

  state(): PanelState {
    return {
      session: this.session,
      status: this.status,
      snapshot: this.model.snapshot(),
      rows: this.model.allocations(),
      webview: { ...this.acked },
    };
  }

  /** Allocation sites by internal bytes (server/heap/sites.ts). */
  sites(): SiteRow[] {
    return this.model.sites();
  }

  /** Rows by id (runtime findings link to them). */
  allocations(): AllocationRow[] {
    return this.model.allocations();
  }

  /** How many allocation rows and (distinct) failures the session holds. */
  summaryCounts(): { allocations: number; failures: number } {
    return {
      allocations: this.model.allocations().length,
      failures: this.model.failureList().length,
    };
  }

  /** Allocation failures, with their decoded backtraces (runtime findings). */
  failures(): readonly FailureMark[] {
    return this.model.failureList();
  }

  get currentChip(): Chip | null {
    return this.chip;
  }

  get currentStatus(): MonitorStatus {
    return this.status;
  }

  get currentSession(): SessionInfo {
    return this.session;
  }

  private queue(id: number): void {
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.backlog.push(id);
  }

  private clearBacklog(): void {
    this.backlog = [];
    this.backlogAt = 0;
    this.queued.clear();
  }

  private markAllSent(rows: AllocationRow[]): void {
    this.model.takeChanges(); // everything is sent now: the journal starts empty
    this.sent.fill(NOT_SENT);
    this.clearBacklog();
    this.ensureCapacity(rows.length > 0 ? rows[rows.length - 1].id : 0);
    for (const r of rows) this.sent[r.id] = r.live ? SENT_LIVE : SENT_FREED;
  }

  private ensureCapacity(maxId: number): void {
    if (maxId < this.sent.length) return;
    let size = this.sent.length;
    while (size <= maxId) size *= 2;
    const sent = new Uint8Array(size);
    sent.set(this.sent);
    this.sent = sent;
  }
}
