/**
 * `psram-lens simulate SCENARIO.json --json`: run a scenario through the dual-heap simulator and
 * print the result (contract: `heaps`, `allocations`, `totals`). Without `--json`, a short table.
 */
import type { Command } from 'commander';
import { dirname, relative, resolve } from 'node:path';
import { CliError } from './errors';
import { type LoadedScenario, loadScenarioFile } from '../sim/load';
import { runScenario } from '../sim/runner';
import { ScenarioError } from '../sim/scenario';
import { formatSummary } from '../sim/summary';

export interface SimulateOptions {
  json?: boolean;
  events?: boolean;
}

/** What `simulate` prints on stdout for `file`; scenario problems become one-line `CliError`s. */
export function simulateFile(file: string, opts: SimulateOptions): string {
  const shown = relative(process.cwd(), file).split('\\').join('/') || file;
  try {
    const { scenario, sdkconfig } = loadScenarioForCli(file);
    const { events, result } = runScenario(scenario, sdkconfig);
    if (!opts.json) return formatSummary(result);
    return `${JSON.stringify(opts.events ? { ...result, events } : result)}\n`;
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw new CliError(
        e.message.startsWith(file)
          ? shown + e.message.slice(file.length)
          : `${shown}: ${e.message}`,
      );
    }
    throw e;
  }
}

/**
 * A scenario named on the command line: its `sdkconfigFile` stays inside the current directory
 * (the project the user runs from), or inside the scenario's own folder when that lies elsewhere.
 */
export function loadScenarioForCli(file: string): LoadedScenario {
  const cwd = process.cwd();
  const inside = !relative(cwd, resolve(file)).startsWith('..');
  return loadScenarioFile(file, { root: inside ? cwd : dirname(resolve(file)) });
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('Simulate ESP-IDF internal/PSRAM heaps for a scenario of allocations')
    .argument('<scenario>', 'scenario JSON file (format: README, section "simulator")')
    .option('--json', 'print the result as one JSON document')
    .option('--events', 'with --json: include the heap event stream (same kinds as parse-log)')
    .action((file: string, opts: SimulateOptions) => {
      process.stdout.write(simulateFile(file, opts));
    });
}
