/**
 * Entry of dist/simWorker.js: runs scenarios off the language server's main thread, so a long
 * run never delays diagnostics, and can be ended (cancellation, time limit) by terminating the
 * thread. One scenario per message; the thread stays up for the next one (starting a thread costs
 * far more than a typical run). The operation cap is the simulator's own (server/sim/limits.ts).
 */
import { parentPort } from 'node:worker_threads';
import { runScenarioText, type ScenarioPlace } from './simulation';
import { describeError } from '../errors';

export type SimWorkerReply =
  { ok: true; run: ReturnType<typeof runScenarioText> } | { ok: false; message: string };

/** One run's request: the scenario text and where its sdkconfigFile resolves. */
export interface SimWorkerRequest {
  text: string;
  place?: ScenarioPlace;
}

function reply({ text, place }: SimWorkerRequest): SimWorkerReply {
  try {
    return { ok: true, run: runScenarioText(text, place) };
  } catch (e) {
    return { ok: false, message: describeError(e) };
  }
}

parentPort?.on('message', (request: SimWorkerRequest) => parentPort?.postMessage(reply(request)));
