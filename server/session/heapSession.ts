/**
 * The live heap session in the language server: bytes from any source (the monitor's stream sent
 * by the extension, a saved log, a followed log) → the streaming parser → the panel store → `batch`
 * messages coalesced by the BatchScheduler, and runtime findings a little later. Free of the
 * connection: server/lsp/heapSessionHandlers.ts wires it to LSP messages.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { followFile } from '../logparse/follow';
import { LogStreamParser } from '../logparse/parser';
import type { HeapEvent } from '../protocol/events';
import type { PanelState, RuntimeCandidate } from '../protocol/heapSession';
import type { HostMessage, MonitorStatus, SessionInfo } from '../protocol/webview';
import type { Chip } from '../target/chips';
import { BatchScheduler } from './batchScheduler';
import { PanelStore } from './panelStore';
import { failureCandidates, internalAllocationCandidates } from './runtimeFindings';
import { hasAddresses } from '../symbolize/annotate';
import { SessionRecorder } from '../sim/replay';
import type { ScenarioEntry } from '../protocol/webview';
import { replayEntries } from './replayEntries';
import { openSymbolizer, type OpenSymbolizer, type SymbolizeOptions } from '../symbolize/open';

/** Runtime findings are recomputed at most this often while events arrive (and when a source ends). */
export const FINDINGS_DELAY_MS = 500;
/** A saved log is parsed in chunks of this size, yielding in between (batches and requests go on). */
const FILE_CHUNK = 256 * 1024;

export interface SessionOutput {
  /** A message for the webview; only sent while a view is attached (hydrated, not hidden). */
  host(message: HostMessage): void;
  /** The runtime findings, replacing the previous ones. */
  findings(candidates: RuntimeCandidate[]): void;
  /** A note for the user (no ELF to decode addresses, addr2line missing); said once per session. */
  notice?(message: string): void;
}

interface Following {
  abort: AbortController;
  done: Promise<void>;
}

export class HeapSession {
  readonly store = new PanelStore();
  private parser = new LogStreamParser();
  private readonly scheduler: BatchScheduler;
  private attached = false;
  private following: Following | null = null;
  /** Bumped by every new session: a file still being read for an older one stops. */
  private generation = 0;
  private findingsTimer: ReturnType<typeof setTimeout> | null = null;
  private findingsSent = '[]';
  private symbols: OpenSymbolizer | null = null;
  /** The session's allocation sequence, for the Simulator tab's replay. */
  private recorder = new SessionRecorder();
  /** Batches waiting for their addresses to be decoded, applied in order. */
  private decoding: Promise<void> | null = null;
  private pendingDecodes = 0;
  /** Failures up to this log line were dismissed (Clear Runtime Findings). */
  private dismissedUpTo = 0;

  constructor(
    private readonly out: SessionOutput,
    /** The chip of the workspace's project, until the log names one. */
    private readonly projectChip: () => Chip | null,
    /**
     * Where to decode addresses (the project, the addr2line setting); null: not at all (an
     * untrusted workspace: decoding starts a process on the workspace's ELF).
     */
    private readonly symbolizeWith: () => SymbolizeOptions | null = () => null,
  ) {
    this.scheduler = new BatchScheduler(() => this.flush());
  }

  /** A new session: fresh parser and model; the view is reset and findings cleared. */
  begin(source: SessionInfo['source'], label: string): void {
    this.generation++;
    const chip = this.projectChip();
    this.parser = new LogStreamParser({ chip });
    this.symbols?.close();
    const options = this.symbolizeWith();
    this.symbols = options
      ? openSymbolizer({ ...options, onNotice: (m) => this.out.notice?.(m) })
      : null;
    this.decoding = null;
    this.pendingDecodes = 0;
    this.recorder = new SessionRecorder();
    this.send(this.store.startSession(source, label, chip));
    this.dismissedUpTo = 0;
    this.cancelFindings();
    this.publishFindings();
  }

  /**
   * Clear: an empty session. A stale status ("Parsed …", "The monitor exited …") goes with it;
   * a monitor or followed log still running keeps its status and its name (its rows keep
   * arriving, so the panel must not offer "Nothing received yet").
   */
  clear(): void {
    if (this.store.currentStatus.state === 'running') {
      const { source, label } = this.store.currentSession;
      this.begin(source, label);
    } else {
      this.begin('none', '');
      this.setStatus({ state: 'idle', message: '' });
    }
  }

  push(chunk: string | Uint8Array): void {
    this.deliver(this.parser.push(chunk), this.parser.chip);
  }

  /** The source ended: a last unterminated line or open block is parsed; findings go out now. */
  end(): void {
    this.deliver(this.parser.end(), this.parser.chip);
    this.afterDecoding(() => {
      this.cancelFindings();
      this.publishFindings();
    });
  }

  /** Runs `fn` once every batch delivered so far is applied (at once when none is decoding). */
  private afterDecoding(fn: () => void): void {
    if (this.decoding) void this.decoding.then(fn);
    else fn();
  }

  setStatus(status: MonitorStatus): void {
    this.send(this.store.setStatus(status));
  }

  /**
   * Parses a saved log, streamed from disk; a new session started meanwhile, or `cancelled()`,
   * stops it (what was read stays).
   */
  async openFile(path: string, cancelled: () => boolean = () => false): Promise<void> {
    await this.stopFollowing();
    this.begin('file', path);
    const generation = this.generation;
    try {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(FILE_CHUNK);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, FILE_CHUNK, null);
          if (bytesRead === 0 || generation !== this.generation || cancelled()) break;
          this.push(buf.subarray(0, bytesRead));
          // Let timers (batches) and other messages run between chunks.
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (generation !== this.generation) return;
      const message = `Cannot read ${path}: ${(e as Error).message}`;
      this.end();
      this.setStatus({ state: 'error', message });
      throw new Error(message);
    }
    if (generation !== this.generation) return;
    this.end();
    this.setStatus({ state: 'idle', message: this.parsedMessage(path, cancelled()) });
  }

  /** Follows a growing log; rejects when it cannot be read, resolves once following runs. */
  async follow(path: string): Promise<void> {
    await this.stopFollowing();
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new Error('not a file');
    } catch (e) {
      const message = `Cannot read ${path}: ${(e as Error).message}`;
      this.setStatus({ state: 'error', message });
      throw new Error(message);
    }
    this.begin('follow', path);
    const abort = new AbortController();
    const done = followFile(path, {
      chip: this.projectChip(),
      signal: abort.signal,
      onEvents: (events, chip) => this.deliver(events, chip),
      onRestart: () => this.begin('follow', path),
    }).catch((e: unknown) => {
      if (this.following?.abort !== abort) return;
      this.following = null;
      this.setStatus({ state: 'error', message: `Cannot read ${path}: ${(e as Error).message}` });
    });
    this.following = { abort, done };
    this.setStatus({
      state: 'running',
      message: 'Following: new lines are read as they are written.',
    });
  }

  /** Stops following a log, if one is followed. */
  async stopFollowing(): Promise<void> {
    const f = this.following;
    if (!f) return;
    this.following = null;
    f.abort.abort();
    await f.done;
    this.cancelFindings();
    this.publishFindings();
    this.setStatus({ state: 'idle', message: 'Stopped following the log.' });
  }

  /** The webview (re)loaded: everything it shows; batches follow until it is hidden. */
  hydrate(): HostMessage {
    this.scheduler.cancel();
    // Before any session the empty panel names the project's chip (its sdkconfig), as the status bar does.
    const chip = this.projectChip();
    if (this.store.currentSession.source === 'none' && !this.store.currentChip && chip) {
      this.store.setChip(chip);
    }
    this.attached = true;
    const message = this.store.hydrate();
    // Rows over the per-message cap follow in the next batches.
    if (this.store.hasChanges) this.scheduler.request();
    return message;
  }

  /** The view is hidden: its page is gone, it is hydrated again when shown. */
  hide(): void {
    this.attached = false;
    this.scheduler.cancel();
  }

  ack(seq: number, rows: number): void {
    this.store.ack(seq, rows);
  }

  state(): PanelState {
    return this.store.state();
  }

  /** The findings shown are dismissed: failures seen so far do not come back. */
  clearFindings(): void {
    const failures = this.store.failures();
    this.dismissedUpTo = failures.length > 0 ? failures[failures.length - 1].line : 0;
    this.cancelFindings();
    this.findingsSent = '[]';
    this.out.findings([]);
  }

  dispose(): void {
    this.symbols?.close();
    this.symbols = null;
    this.generation++;
    this.following?.abort.abort();
    this.following = null;
    this.scheduler.cancel();
    this.cancelFindings();
  }

  /** A saved log's own wording: what it held, in one line. */
  private parsedMessage(path: string, stopped: boolean): string {
    const name = basename(path);
    if (stopped) return `Stopped reading ${name}.`;
    const s = this.store.summaryCounts();
    const plural = (n: number, word: string) =>
      `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
    return `Parsed ${name}: ${plural(s.allocations, 'allocation')}, ${plural(s.failures, 'failed allocation')}.`;
  }

  private deliver(events: readonly HeapEvent[], chip: Chip | null): void {
    if (events.length === 0) return;
    const sym = this.symbols;
    // Batches with code addresses wait for addr2line; the rest go straight on unless an earlier
    // batch is still decoding (events stay in order).
    if (sym && (this.pendingDecodes > 0 || hasAddresses(events))) {
      const generation = this.generation;
      this.pendingDecodes++;
      const previous = this.decoding ?? Promise.resolve();
      this.decoding = previous
        .then(() => sym.symbolizer.annotate(events))
        .then(() => {
          if (generation !== this.generation) return;
          this.pendingDecodes--;
          if (this.pendingDecodes === 0) this.decoding = null;
          this.apply(events, chip);
        });
      return;
    }
    this.apply(events, chip);
  }

  /** Replay scenarios of this session for the Simulator tab (none while it is empty). */
  replayScenarios(): ScenarioEntry[] {
    return replayEntries(
      this.recorder.recording(this.store.currentChip),
      this.store.sites(),
      this.projectChip(),
    );
  }

  private apply(events: readonly HeapEvent[], chip: Chip | null): void {
    for (const e of events) this.recorder.add(e);
    if (chip && chip !== this.store.currentChip) this.store.setChip(chip);
    this.store.apply(events);
    if (this.attached) this.scheduler.request();
    this.findingsTimer ??= setTimeout(() => {
      this.findingsTimer = null;
      this.publishFindings();
    }, FINDINGS_DELAY_MS);
  }

  private flush(): void {
    if (!this.attached) return;
    const batch = this.store.takeBatch();
    if (batch) this.out.host(batch);
    // A held-back snapshot still has to go out.
    if (this.store.hasChanges) this.scheduler.request();
  }

  private send(message: HostMessage): void {
    if (this.attached) this.out.host(message);
  }

  private cancelFindings(): void {
    if (this.findingsTimer) clearTimeout(this.findingsTimer);
    this.findingsTimer = null;
  }

  /** Sends the findings when they changed since last sent. */
  private publishFindings(): void {
    const candidates = [
      ...internalAllocationCandidates(this.store.allocations(), this.store.sites()),
      ...failureCandidates(this.store.failures(), this.dismissedUpTo),
    ];
    const text = JSON.stringify(candidates);
    if (text === this.findingsSent) return;
    this.findingsSent = text;
    this.out.findings(candidates);
  }
}
