/** `psram-lens fix [PATH ...] [--dry-run] [--check] [--style unqualified|qualified] [--namespace NS]` */
import { Command, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { CliError } from './errors';
import { displayPath } from '../analysis/sourceFiles';
import { validateNamespace } from '../fix/header';
import { type FixStyle, type MigrationPlan } from '../fix/migrate';
import { planWorkspace } from '../fix/planWorkspace';
import { projectFixSettings } from '../fix/projectSources';
import { fixOptionsOf } from '../fix/fixOptions';
import { DEFAULT_SETTINGS } from '../config/settings';
import { writePlan } from '../fix/writeFiles';

export interface FixFlags {
  dryRun?: boolean;
  check?: boolean;
  style?: FixStyle;
  namespace?: string;
}

export function registerFix(program: Command): void {
  program
    .command('fix')
    .description(
      'rewrite fixable findings to the PSRAM-aware factory (adds the header when missing)',
    )
    .argument('[paths...]', 'files or folders (default: .)')
    .option('--dry-run', 'print a unified diff and change nothing')
    .option('--check', 'change nothing; exit 1 if anything would change')
    .addOption(
      new Option(
        '--style <style>',
        'spelling of the factory (default: the project setting, else qualified)',
      ).choices(['unqualified', 'qualified']),
    )
    .option(
      '--namespace <ns>',
      'namespace of the factory (default: the project setting, else psram)',
    )
    .action(async (paths: string[], flags: FixFlags) => {
      process.exitCode = await runFix(paths, flags);
    });
}

/** Where the report lines go (stdout for the CLI; tests collect them). */
export type LineSink = (line: string) => void;

const stdoutSink: LineSink = (line) => process.stdout.write(`${line}\n`);

/** Runs `fix` and returns the exit code. Paths in the report are relative to the current directory. */
export async function runFix(
  paths: string[],
  flags: FixFlags,
  out: LineSink = stdoutSink,
): Promise<number> {
  if (flags.dryRun && flags.check) throw new CliError('--dry-run and --check cannot be combined');
  if (flags.namespace) {
    try {
      validateNamespace(flags.namespace);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  const { plans, errors, warnings } = await planWorkspace(paths, async (root) => {
    const s = root ? await projectFixSettings(root) : DEFAULT_SETTINGS;
    return fixOptionsOf(
      {
        fix: { style: flags.style ?? s.fix.style },
        factory: { namespace: flags.namespace ?? s.factory.namespace },
        header: s.header,
      },
      root,
    );
  });
  for (const line of [...warnings, ...errors]) process.stderr.write(`psram-lens: ${line}\n`);
  if (errors.length) return 2;
  return report(plans, flags, out);
}

async function report(plans: MigrationPlan[], flags: FixFlags, out: LineSink): Promise<number> {
  let sites = 0;
  let files = 0;
  let changes = 0;
  const perRule = new Map<string, number>();
  let failed = false;
  for (const plan of plans) {
    for (const n of plan.refused) {
      out(`${displayPath(n.file)}:${n.line + 1}: not rewritten: ${n.reason} [${n.code}]`);
    }
    for (const n of plan.qualifiedInstead) {
      out(`${displayPath(n.file)}:${n.line + 1}: spelled qualified: ${n.reason} [${n.code}]`);
    }
    if (flags.dryRun) {
      if (plan.header.create) {
        out(
          createTwoFilesPatch(
            '/dev/null',
            `b/${displayPath(plan.header.path)}`,
            '',
            plan.header.text,
            '',
            '',
          ).trimEnd(),
        );
      }
      for (const f of plan.files) {
        const p = displayPath(f.file);
        out(createTwoFilesPatch(`a/${p}`, `b/${p}`, f.before, f.after, '', '').trimEnd());
      }
    } else if (flags.check) {
      if (plan.header.create) out(`would add ${displayPath(plan.header.path)}`);
      for (const f of plan.files) out(`would rewrite ${displayPath(f.file)} (${f.sites} sites)`);
    } else {
      const w = await writePlan(plan);
      for (const e of w.errors) process.stderr.write(`psram-lens: ${e}\n`);
      failed ||= w.errors.length > 0;
      if (plan.header.create && w.written.includes(plan.header.path)) {
        out(`added ${displayPath(plan.header.path)}`);
      }
      for (const f of plan.files) {
        if (w.written.includes(f.file)) out(`rewrote ${displayPath(f.file)} (${f.sites} sites)`);
      }
    }
    changes += plan.files.length + (plan.header.create ? 1 : 0);
    sites += plan.sites;
    files += plan.files.filter((f) => f.sites > 0).length;
    for (const [code, n] of Object.entries(plan.perRule)) {
      perRule.set(code, (perRule.get(code) ?? 0) + n);
    }
  }
  if (perRule.size) {
    out(
      [...perRule]
        .sort()
        .map(([c, n]) => `${c}: ${n}`)
        .join(', '),
    );
  }
  out(`${sites} sites rewritten in ${files} files`);
  if (failed) return 2;
  return flags.check && changes > 0 ? 1 : 0;
}
