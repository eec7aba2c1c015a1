/**
 * Entry of dist/simWorker.js: runs one scenario off the language server's main thread, so a
 * long run never delays diagnostics, and can be ended (cancellation, time limit) by terminating
 * the thread. The operation cap is the simulator's own (server/sim/runner.ts MAX_OPERATIONS).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScenarioText } from './simulation';
import { describeError } from '../errors';

export type SimWorkerReply =
  { ok: true; run: ReturnType<typeof runScenarioText> } | { ok: false; message: string };

function reply(): SimWorkerReply {
  try {
    return { ok: true, run: runScenarioText((workerData as { text: string }).text) };
  } catch (e) {
    return { ok: false, message: describeError(e) };
  }
}

parentPort?.postMessage(reply());
