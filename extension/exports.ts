/**
 * What `activate` returns (`vscode.extensions.getExtension('psram-lens.psram-lens').exports`):
 * the heap session's state (the monitor tests read it) and figures for the benchmark
 * (bench/exthost.bench.ts). Kept small on purpose.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { HeapPanel } from './panel/heapPanel';

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
  /**
   * Activation in the extension host: `activate` alone (it does not await the language server's
   * handshake), and from the first line of dist/extension.js (loading it and the client library).
   */
  readonly activation: { activateMs: number; totalMs: number };
  readonly panel: Pick<HeapPanel, 'state' | 'simulate'>;
  monitorEventLoop(): EventLoopMonitor;
  dispose(): void;
}

const RESOLUTION_MS = 10;

export function createExports(
  activation: PsramLensExports['activation'],
  panel: PsramLensExports['panel'],
): PsramLensExports {
  const monitors = new Set<IntervalHistogram & { disable(): boolean }>();
  return {
    activation,
    panel,
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
