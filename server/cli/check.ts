/** `psram-lens check [PATH ...] [--format text|json|sarif] [--sdkconfig FILE] [--target CHIP]` */
import { access } from 'node:fs/promises';
import { sep } from 'node:path';
import { Command, Option } from 'commander';
import { CliError } from './errors';
import { jsonReport, sarifReport, textReport } from './checkReport';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { checkWorkspace } from '../analysis/workspaceCheck';
import { CHIPS, type Chip } from '../target/chips';

interface CheckFlags {
  format: 'text' | 'json' | 'sarif';
  sdkconfig?: string;
  target?: Chip;
  psramOffSeverity: 'off' | 'hint';
  hostCode: 'information' | 'off';
  jobs?: number;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('find allocations that defeat PSRAM placement (exit 1 when there are findings)')
    .argument('[paths...]', 'files or folders (default: .)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    )
    .option('--sdkconfig <file>', "use this sdkconfig instead of each project's own")
    .addOption(new Option('--target <chip>', 'override CONFIG_IDF_TARGET').choices([...CHIPS]))
    .addOption(
      new Option(
        '--psram-off-severity <severity>',
        'findings when the project has no PSRAM: off, or hints',
      )
        .choices(['off', 'hint'])
        .default('off'),
    )
    .addOption(
      new Option(
        '--host-code <severity>',
        'findings in code the ESP target never compiles: information, or off',
      )
        .choices(['information', 'off'])
        .default('information'),
    )
    .option('--jobs <n>', 'parser threads (default: up to 4, by amount of work)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        throw new CliError(`--jobs: expected a positive whole number, got "${v}"`);
      }
      return n;
    })
    .action(async (paths: string[], flags: CheckFlags, cmd: Command) => {
      process.exitCode = await runCheck(paths, flags, cmd.parent?.version() ?? '0.0.0');
    });
}

async function runCheck(paths: string[], flags: CheckFlags, version: string): Promise<number> {
  if (flags.sdkconfig) {
    await access(flags.sdkconfig).catch(() => {
      throw new CliError(
        `${flags.sdkconfig}: cannot read sdkconfig (no such file or not readable)`,
      );
    });
  }
  const result = await checkWorkspace({
    paths,
    sdkconfig: flags.sdkconfig,
    target: flags.target,
    settings: {
      ...DEFAULT_GRADE_SETTINGS,
      noPsramSeverity: flags.psramOffSeverity,
      hostCode: flags.hostCode,
    },
    workers: flags.jobs,
  });
  // Paths in output are relative to the current directory (contract).
  const cwd = process.cwd() + sep;
  for (const line of [...result.warnings, ...result.errors]) {
    process.stderr.write(`psram-lens: ${line.split(cwd).join('')}\n`);
  }
  const out =
    flags.format === 'json'
      ? JSON.stringify(jsonReport(result), null, 2) + '\n'
      : flags.format === 'sarif'
        ? JSON.stringify(sarifReport(result, version), null, 2) + '\n'
        : textReport(result);
  await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  if (result.errors.length) return 2;
  return result.results.length ? 1 : 0;
}
