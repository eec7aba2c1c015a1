/**
 * What `activate` returns (`vscode.extensions.getExtension('psram-lens.psram-lens').exports`):
 * the heap session's state (the monitor tests read it) and figures for the benchmark
 * (bench/exthost.bench.ts). Kept small on purpose.
 */
import type { HeapPanel } from './panel/heapPanel';

/** Samples the extension host's event loop until disposed (off unless someone asks). */
export interface EventLoopMonitor {
  /**
   * The longest the loop was blocked since the monitor started: the worst synchronous task of
   * any extension in this host (to within a few milliseconds).
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

/** The lag detector's tick: a block shows as a tick that came this much later than due. */
const TICK_MS = 5;

/** A lag detector: the longest gap between two ticks, beyond the tick itself. */
function lagDetector(): EventLoopMonitor {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  timer.unref();
  return {
    worstBlockMs: () => Math.max(worst, performance.now() - last - TICK_MS),
    dispose: () => clearInterval(timer),
  };
}

export function createExports(
  activation: PsramLensExports['activation'],
  panel: PsramLensExports['panel'],
): PsramLensExports {
  const monitors = new Set<EventLoopMonitor>();
  return {
    activation,
    panel,
    monitorEventLoop() {
      const m = lagDetector();
      monitors.add(m);
      return {
        worstBlockMs: m.worstBlockMs,
        dispose: () => {
          m.dispose();
          monitors.delete(m);
        },
      };
    },
    dispose() {
      for (const m of monitors) m.dispose();
      monitors.clear();
    },
  };
}
