/**
 * Parsing candidate files and extracting their facts, on worker threads when there is enough
 * work (the bundled CLI ships dist/checkWorker.js; from source the work stays on this thread).
 * web-tree-sitter parses about 0.1 M lines/s, so using both cores of a CI machine matters.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FileFacts, extractFacts } from './facts';
import { createCppParser, type Parser } from './parser';

export interface SourceText {
  file: string;
  text: string;
}

export interface FactsMessage {
  file: string;
  facts: FileFacts;
}

const BATCH = 24;
/**
 * Each worker pays the wasm compile and tier-up again (≈1 s on a loaded 2-core machine), so
 * threads only pay off for large amounts of candidate text; below this the main thread parses.
 */
const MIN_BYTES_FOR_WORKERS = 2_000_000;

/** Facts of one text with a given parser (the tree is freed before returning). */
export function factsOf(parser: Parser, text: string): FileFacts | null {
  const tree = parser.parse(text);
  if (!tree) return null;
  try {
    return extractFacts(tree, text);
  } finally {
    tree.delete();
  }
}

export async function extractAll(
  sources: SourceText[],
  workers = defaultWorkers(),
): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>();
  const script = join(__dirname, 'checkWorker.js');
  const bytes = sources.reduce((n, s) => n + s.text.length, 0);
  const threads = workers ?? (bytes >= MIN_BYTES_FOR_WORKERS ? defaultWorkers() : 1);
  if (threads < 2 || !existsSync(script)) {
    const parser = await createCppParser();
    try {
      for (const s of sources) {
        const f = factsOf(parser, s.text);
        if (f) out.set(s.file, f);
      }
    } finally {
      parser.delete();
    }
    return out;
  }
  let next = 0;
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(script);
      const feed = (): void => {
        if (next >= sources.length) {
          void w.terminate().then(() => resolve());
          return;
        }
        const batch = sources.slice(next, next + BATCH);
        next += BATCH;
        w.postMessage(batch);
      };
      w.on('message', (results: FactsMessage[]) => {
        for (const r of results) out.set(r.file, r.facts);
        feed();
      });
      w.on('error', reject);
      feed();
    });
  await Promise.all(
    Array.from({ length: Math.min(threads, Math.ceil(sources.length / BATCH)) }, run),
  );
  return out;
}

function defaultWorkers(): number {
  return Math.min(availableParallelism(), 4);
}
