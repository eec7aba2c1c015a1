/**
 * What `activate` returns (`vscode.extensions.getExtension('psram-lens.psram-lens').exports`):
 * figures for the benchmark (bench/exthost.bench.ts). Kept small on purpose; features are not
 * reachable through it.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Samples the extension host's event loop until disposed (off unless someone asks). */
export interface EventLoopMonitor {
  /**
   * The longest the loop was blocked since the monitor started: the worst synchronous task of
   * any extension in this host (to within the 10 ms sampling resolution).
   */
  worstBlockMs(): number;
  dispose(): void;
}

export interface PsramLensExports {
  /** How long `activate` took (the language server's handshake is not awaited by it). */
  readonly activationMs: number;
  monitorEventLoop(): EventLoopMonitor;
  dispose(): void;
}

const RESOLUTION_MS = 10;

export function createExports(activationMs: number): PsramLensExports {
  const monitors = new Set<IntervalHistogram & { disable(): boolean }>();
  return {
    activationMs,
    monitorEventLoop() {
      const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      h.enable();
      monitors.add(h);
      return {
        // max is the longest gap between two samples beyond the resolution, in nanoseconds.
        worstBlockMs: () => (h.count ? h.max / 1e6 : 0),
        dispose: () => {
          h.disable();
          monitors.delete(h);
        },
      };
    },
    dispose() {
      for (const h of monitors) h.disable();
      monitors.clear();
    },
  };
}
