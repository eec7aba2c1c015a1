/**
 * `psram-lens simulate SCENARIO.json --json`: run a scenario through the dual-heap simulator and
 * print the result (contract: `heaps`, `allocations`, `totals`). Without `--json`, a short table.
 * `simulate --replay session.log` replays a recorded session instead (server/cli/replay.ts).
 */
import { Option, type Command } from 'commander';
import { CHIPS } from '../target/chips';
import { type ReplayFlags, formatReplay, replayLog } from './replay';
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

/** `--replay LOG` and its flags as commander hands them over (lists absent when not given). */
type ReplayCliOptions = Partial<ReplayFlags> & { replay?: string };

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
    .argument('[scenario]', 'scenario JSON file (format: README, section "simulator")')
    .option('--json', 'print the result as one JSON document')
    .option('--events', 'with --json: include the heap event stream (same kinds as parse-log)')
    .option(
      '--replay <log>',
      'replay the allocations of a recorded monitor session (docs/verify.md)',
    )
    .option(
      '--migrate <site...>',
      'with --replay: move these sites (file:line) to the PSRAM factory',
    )
    .option(
      '--set <CONFIG=value>',
      'with --replay: an sdkconfig value for the what-if run (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .addOption(new Option('--chip <chip>', 'with --replay: the chip of the log').choices(CHIPS))
    .addOption(
      new Option('--target <chip>', 'with --replay: run the what-if on another chip').choices(
        CHIPS,
      ),
    )
    .option('--idf-version <version>', 'with --replay: ESP-IDF version (default: from the log)')
    .option('--sdkconfig <file>', "with --replay: the project's sdkconfig (default: ./sdkconfig)")
    .option('--elf <file>', 'with --replay: application ELF to decode the sites')
    .option('--addr2line <path>', "with --replay: the toolchain's addr2line")
    .action(async (file: string | undefined, opts: SimulateOptions & ReplayCliOptions) => {
      if (opts.replay) {
        if (file) throw new CliError('give a scenario or --replay LOG, not both');
        const report = await replayLog(opts.replay, {
          ...opts,
          set: opts.set ?? [],
          migrate: opts.migrate ?? [],
        });
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
        return;
      }
      if (!file) throw new CliError('give a scenario file, or --replay LOG');
      process.stdout.write(simulateFile(file, opts));
    });
}
