/** Worker thread of factsPool: parses batches of sources and returns their facts. */
import { parentPort } from 'node:worker_threads';
import { type FactsMessage, type SourceText, factsOf } from './factsPool';
import { createCppParser } from './parser';

const parser = createCppParser();

parentPort?.on('message', (batch: SourceText[]) => {
  void parser.then((p) => {
    const results: FactsMessage[] = [];
    for (const s of batch) {
      const facts = factsOf(p, s.text);
      if (facts) results.push({ file: s.file, facts });
    }
    parentPort?.postMessage(results);
  });
});
