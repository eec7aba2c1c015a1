/**
 * Runs a scenario in a worker thread (dist/simWorker.js, next to the server bundle), one thread
 * per run: cancellation and the time limit terminate it, whatever the simulator is doing.
 */
import { Worker } from 'node:worker_threads';
import type { SimRun } from '../protocol/webview';
import type { SimWorkerReply } from './simWorker';

/** A run still going after this long is stopped (the operation cap keeps honest runs far below). */
export const SIM_TIME_LIMIT_MS = 30_000;

export class SimCancelled extends Error {
  constructor() {
    super('The simulation was cancelled.');
  }
}

export interface SimThreadOptions {
  /** Path of the worker script (dist/simWorker.js). */
  script: string;
  signal?: AbortSignal;
  timeLimitMs?: number;
}

/** The run, or a rejection with one clear message (bad scenario, cap, time limit, cancelled). */
export function simulateInThread(text: string, opts: SimThreadOptions): Promise<SimRun> {
  const limit = opts.timeLimitMs ?? SIM_TIME_LIMIT_MS;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new SimCancelled());
    const worker = new Worker(opts.script, {
      workerData: { text },
      // A runaway scenario fails alone instead of taking the language server's memory.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = (): void => finish(() => reject(new SimCancelled()));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new Error(`The simulation ran longer than ${limit / 1000} s and was stopped.`)),
        ),
      limit,
    );
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: SimWorkerReply) =>
      finish(() => (m.ok ? resolve(m.run) : reject(new Error(m.message)))),
    );
    worker.once('error', (e) =>
      finish(() => reject(new Error(`The simulator failed: ${e.message}`))),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`The simulator stopped unexpectedly (exit code ${code}).`))),
    );
  });
}
