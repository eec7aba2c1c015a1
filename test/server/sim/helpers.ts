/** Shared helpers for the simulator tests: run a scenario literal, find heaps and groups. */
import { runScenario, type RunOutput } from '../../../server/sim/runner';
import { parseScenario, type ScenarioInput } from '../../../server/sim/scenario';
import type { HeapRow } from '../../../server/sim/result';

export function run(input: ScenarioInput): RunOutput {
  return runScenario(parseScenario(input));
}

export function heapByLabel(heaps: readonly HeapRow[], label: string): HeapRow[] {
  return heaps.filter((h) => h.label === label);
}

/** The Σ min free of MALLOC_CAP_DEFAULT heaps right after boot: hello_world's "Minimum free heap size". */
export function helloWorldMinFree(chip: ScenarioInput['chip'], idfVersion: string): number {
  return run({ chip, idfVersion, steps: [] }).result.boot.defaultMinFreeAfterBoot;
}
