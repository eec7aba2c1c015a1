/**
 * Runs scenarios in worker threads (dist/simWorker.js, next to the server bundle). One thread is
 * kept warm between runs (starting one costs ~0.5 s, a typical run tens of ms); a second run at
 * the same time gets its own. Cancellation and the time limit terminate the thread that runs,
 * whatever the simulator is doing; the next run starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { SimRun } from '../protocol/webview';
import type { ScenarioPlace } from './simulation';
import type { SimWorkerReply, SimWorkerRequest } from './simWorker';

/** A run still going after this long is stopped (the operation cap keeps honest runs far below). */
export const SIM_TIME_LIMIT_MS = 30_000;

export class SimCancelled extends Error {
  constructor() {
    super('The simulation was cancelled.');
  }
}

export interface SimRunOptions {
  signal?: AbortSignal;
  timeLimitMs?: number;
  /** Where the scenario's sdkconfigFile resolves (none: naming one is an error). */
  place?: ScenarioPlace;
}

export class SimThreads {
  /** At most one idle thread, ready for the next run. */
  private idle: Worker | null = null;
  private readonly running = new Set<Worker>();

  /** `script`: the worker bundle (dist/simWorker.js). */
  constructor(private readonly script: string) {}

  /** Starts the idle thread now (the panel opened: a run is likely), so the first run is quick. */
  warm(): void {
    if (this.idle || this.running.size > 0) return;
    this.idle = this.spawn();
  }

  /** The run, or a rejection with one clear message (bad scenario, cap, time limit, cancelled). */
  run(text: string, opts: SimRunOptions = {}): Promise<SimRun> {
    const limit = opts.timeLimitMs ?? SIM_TIME_LIMIT_MS;
    if (opts.signal?.aborted) return Promise.reject(new SimCancelled());
    const worker = this.idle ?? this.spawn();
    this.idle = null;
    this.running.add(worker);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (keep: boolean, f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.running.delete(worker);
        if (keep && !this.idle) this.idle = worker;
        else void worker.terminate();
        f();
      };
      const onAbort = (): void => finish(false, () => reject(new SimCancelled()));
      const onMessage = (m: SimWorkerReply): void =>
        finish(true, () => (m.ok ? resolve(m.run) : reject(new Error(m.message))));
      const onError = (e: Error): void =>
        finish(false, () => reject(new Error(`The simulator failed: ${e.message}`)));
      const onExit = (code: number): void =>
        finish(false, () =>
          reject(new Error(`The simulator stopped unexpectedly (exit code ${code}).`)),
        );
      const timer = setTimeout(
        () =>
          finish(false, () =>
            reject(new Error(`The simulation ran longer than ${limit / 1000} s and was stopped.`)),
          ),
        limit,
      );
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const request: SimWorkerRequest = { text, place: opts.place };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    for (const w of [...this.running, ...(this.idle ? [this.idle] : [])]) void w.terminate();
    this.running.clear();
    this.idle = null;
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, {
      // A runaway scenario fails alone instead of taking the language server's memory.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    // An idle thread that dies (out of memory earlier, killed) is simply replaced next time.
    worker.once('exit', () => {
      if (this.idle === worker) this.idle = null;
    });
    // The idle thread must not keep the server process alive on its own.
    worker.unref();
    return worker;
  }
}
