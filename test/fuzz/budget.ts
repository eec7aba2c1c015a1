/**
 * How much each fuzz property runs. In `npm test`: a fixed case count and a fixed seed, so CI is
 * reproducible and bounded (the suite is ≥ 20,000 cases in well under a minute). Under
 * `npm run fuzz -- --minutes N` (scripts/fuzz.mjs): a new seed, and each property runs for its
 * share of the N minutes. A failure prints the seed and path that reproduce it.
 */
import type fc from 'fast-check';

/** The properties in test/fuzz/ (each takes an equal share of a long run). */
const PROPERTIES = 7;
const minutes = Number(process.env.PSRAM_LENS_FUZZ_MINUTES ?? 0);
const seed = Number(process.env.PSRAM_LENS_FUZZ_SEED ?? 20261206);

export const longRun = minutes > 0;

/** fast-check parameters for a property with `cases` runs in CI. */
export function budget<T>(cases: number): fc.Parameters<T> {
  if (!longRun) return { numRuns: cases, seed };
  return {
    seed,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: (minutes * 60_000) / PROPERTIES,
    markInterruptAsFailure: false,
  };
}

/** The node:test timeout for a property: generous in CI, its share (plus slack) in a long run. */
export const timeout = longRun ? (minutes * 60_000) / PROPERTIES + 120_000 : 120_000;
