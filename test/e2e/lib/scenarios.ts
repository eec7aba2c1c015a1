// The extension suite runs once per scenario: each is a workspace plus a trust state, and names
// the folder of test files (test/e2e/suite/<name>/) the suite index loads for it. Both runners
// (code-server and test-electron) use this table.
import { copyExample, plainFolder, type TempWorkspace } from './workspace';

export interface Scenario {
  name: 'trusted' | 'plain' | 'untrusted' | 'bench';
  what: string;
  workspace: () => TempWorkspace;
  trusted: boolean;
  /** Run only when named (`npm run bench -- exthost` names it), not by `npm run test:e2e`. */
  onlyWhenNamed?: boolean;
}

export const scenarios: Scenario[] = [
  {
    name: 'trusted',
    what: 'example ESP-IDF project, trusted',
    workspace: copyExample,
    trusted: true,
  },
  {
    name: 'plain',
    what: 'a folder that is not an ESP-IDF project',
    workspace: plainFolder,
    trusted: true,
  },
  {
    name: 'untrusted',
    what: 'example ESP-IDF project, restricted mode',
    workspace: copyExample,
    trusted: false,
  },
  {
    name: 'bench',
    what: 'example ESP-IDF project, a scripted session measured (bench/exthost.bench.ts)',
    workspace: copyExample,
    trusted: true,
    onlyWhenNamed: true,
  },
];

/** Scenarios named on the command line, or all of them. */
export function pickScenarios(names: string[]): Scenario[] {
  if (names.length === 0) return scenarios.filter((s) => !s.onlyWhenNamed);
  const unknown = names.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}`);
  return scenarios.filter((s) => names.includes(s.name));
}

/**
 * Environment of the extension host under test: the scenario, an optional title filter, and the
 * benchmark's optional profile directory (test/e2e/suite/bench/session.test.ts).
 */
export function suiteEnvironment(scenario: Scenario): Record<string, string> {
  const env: Record<string, string> = { PSRAM_LENS_E2E_SCENARIO: scenario.name };
  for (const k of ['PSRAM_LENS_E2E_GREP', 'PSRAM_LENS_BENCH_PROFILE']) {
    const v = process.env[k];
    if (v) env[k] = v;
  }
  return env;
}

/** Runs a runner's main and exits with its code; a thrown error is one line and exit 1. */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
