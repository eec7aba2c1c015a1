/**
 * Coalesces "the model changed" into at most one flush per interval, so a burst of 10,000 log
 * lines a second becomes ~40 webview messages, not 10,000. The interval stretches when a flush
 * gets expensive (huge tables) so the host never spends more than about half of its time here.
 */
export class BatchScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private interval: number;

  constructor(
    private readonly flush: () => void,
    private readonly minIntervalMs = 25,
    private readonly maxIntervalMs = 250,
  ) {
    this.interval = minIntervalMs;
  }

  request(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const t0 = performance.now();
      this.flush();
      const cost = performance.now() - t0;
      this.interval = Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, cost * 2));
    }, this.interval);
  }

  /** Flushes now (tests, and before a hydrate so nothing is sent twice). */
  flushNow(): void {
    this.cancel();
    this.flush();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
