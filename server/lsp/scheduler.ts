/**
 * When to analyse a document after it changed. A change is analysed on the next turn of the event
 * loop (so the changes that arrived together are analysed once, and an isolated keystroke gets its
 * diagnostics at once). Only a document whose analysis is slow AND that was analysed within the
 * last such interval waits for the interval to pass: fast typing in a big file then costs at most
 * about half of the server's time, instead of queueing analyses faster than they finish.
 */
const CHEAP_MS = 12;
const MAX_DELAY_MS = 300;

interface Pending {
  due: number;
  cancel(): void;
}

export class AnalysisScheduler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly run: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** The pause before analysing a document whose last analysis took `lastCostMs` and ended at `lastDoneAt`. */
  static delayFor(lastCostMs: number, lastDoneAt: number, now = performance.now()): number {
    if (lastCostMs < CHEAP_MS) return 0;
    return Math.max(0, Math.min(lastDoneAt + lastCostMs, now + MAX_DELAY_MS) - now);
  }

  /** Runs `key` after `delayMs` (0: next turn), unless a run is already due sooner. */
  schedule(key: string, delayMs: number): void {
    const due = performance.now() + delayMs;
    const existing = this.pending.get(key);
    if (existing && existing.due <= due) return;
    existing?.cancel();
    const fire = (): void => {
      this.pending.delete(key);
      this.run(key).catch((e: unknown) => this.onError(key, e));
    };
    if (delayMs <= 0) {
      const h = setImmediate(fire);
      this.pending.set(key, { due, cancel: () => clearImmediate(h) });
    } else {
      const h = setTimeout(fire, delayMs);
      this.pending.set(key, { due, cancel: () => clearTimeout(h) });
    }
  }

  cancel(key: string): void {
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
  }

  dispose(): void {
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
  }
}

/** A trailing debounce: `fn` runs once, `delayMs` after the last `trigger()`. */
export class Debounce {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly fn: () => void,
  ) {}

  trigger(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fn();
    }, this.delayMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
