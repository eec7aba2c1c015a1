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
  /**
   * CPU time of the host's thread within that worst block. Far below the block, the host was
   * mostly not running (a loaded machine) or waiting in a synchronous call (spawnSync, sync I/O).
   */
  worstBlockCpuMs(): number;
  dispose(): void;
}

export interface PsramLensExports {
  /**
   * Activation in the extension host: evaluating dist/extension.js (`loadMs`), `activate` alone
   * (`activateMs`; it does not await the language server's handshake), and from the bundle's first
   * line to the end of `activate` (`totalMs`, which also holds what VS Code does between loading
   * the module and calling `activate`). The client library loads after, when the client starts.
   */
  readonly activation: { activateMs: number; loadMs: number; totalMs: number };
  readonly panel: Pick<HeapPanel, 'state' | 'simulate'>;
  monitorEventLoop(): EventLoopMonitor;
  dispose(): void;
}

/** The lag detector's tick: a block shows as a tick that came this much later than due. */
const TICK_MS = 5;

/** This thread's CPU time in ms (the whole process's where Node lacks threadCpuUsage, before 23.9). */
function cpuMs(): number {
  const u =
    (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ??
    process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A lag detector: the longest gap between two ticks, beyond the tick itself. */
function lagDetector(): EventLoopMonitor {
  let last = performance.now();
  let lastCpu = cpuMs();
  let worst = 0;
  let worstCpu = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    if (now - last - TICK_MS > worst) {
      worst = now - last - TICK_MS;
      worstCpu = cpu - lastCpu;
    }
    last = now;
    lastCpu = cpu;
  }, TICK_MS);
  timer.unref();
  return {
    worstBlockMs: () => Math.max(worst, performance.now() - last - TICK_MS),
    worstBlockCpuMs: () => worstCpu,
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
        worstBlockCpuMs: m.worstBlockCpuMs,
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
