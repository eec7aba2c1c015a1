/**
 * The counters of the PSRAM factory's allocator (the header `psram-lens fix` adds), kept for
 * simulated runs so the end of a run carries the same `stats:` log line and `psramStats` event the
 * device prints with `log_stats()`: calls, requested bytes, PSRAM vs internal-fallback split, frees.
 */
export class FactoryCounters {
  private allocs = 0;
  private bytes = 0;
  private psramAllocs = 0;
  private psramBytes = 0;
  private fallbacks = 0;
  private fallbackBytes = 0;
  private frees = 0;
  private freedBytes = 0;

  get used(): boolean {
    return this.allocs > 0;
  }

  allocated(size: number, inPsram: boolean): void {
    this.allocs++;
    this.bytes += size;
    if (inPsram) {
      this.psramAllocs++;
      this.psramBytes += size;
    } else {
      this.fallbacks++;
      this.fallbackBytes += size;
    }
  }

  freed(size: number): void {
    this.frees++;
    this.freedBytes += size;
  }

  /** Same names and order as the header's `stats:` line (camelCase, as the log parser reports them). */
  stats(): Record<string, number> {
    return {
      allocs: this.allocs,
      bytes: this.bytes,
      psramAllocs: this.psramAllocs,
      psramBytes: this.psramBytes,
      fallbacks: this.fallbacks,
      fallbackBytes: this.fallbackBytes,
      frees: this.frees,
      liveBytes: this.bytes - this.freedBytes,
    };
  }

  /** The message `log_stats()` prints (tag `psram_lens`). */
  message(): string {
    const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return `stats: ${Object.entries(this.stats())
      .map(([k, v]) => `${snake(k)}=${v}`)
      .join(' ')}`;
  }
}
