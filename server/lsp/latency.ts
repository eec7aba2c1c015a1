/** Server-side latency of diagnostics (edit received → diagnostics sent), over the last samples. */
const WINDOW = 2048;

export class LatencyStats {
  private readonly samples: number[] = [];
  private total = 0;

  add(ms: number): void {
    this.total++;
    this.samples.push(ms);
    if (this.samples.length > WINDOW) this.samples.shift();
  }

  get count(): number {
    return this.total;
  }

  /** The `p`-th percentile (0–100) of the kept samples, in ms; 0 before any sample. */
  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, i)];
  }
}
