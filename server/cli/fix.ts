/** `psram-lens fix [PATH ...] [--dry-run] [--check] [--style unqualified|qualified] [--namespace NS]` */
import { Command, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { CliError } from './errors';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { displayPath, excludeMatcher, projectExcludes } from '../analysis/sourceFiles';
import { checkWorkspace } from '../analysis/workspaceCheck';
import { validateNamespace } from '../fix/header';
import { type FixStyle, type MigrationPlan, planMigration } from '../fix/migrate';
import { loadProjectSources, projectFixSettings } from '../fix/projectSources';
import { writePlan } from '../fix/writeFiles';
import { projectForFile } from '../project/discovery';
import { relative } from 'node:path';

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
  const result = await checkWorkspace({ paths, settings: DEFAULT_GRADE_SETTINGS });
  for (const line of [...result.warnings, ...result.errors]) {
    process.stderr.write(`psram-lens: ${line}\n`);
  }
  if (result.errors.length) return 2;

  // One plan per project: the header, platform header and include paths are per project.
  const groups = new Map<string | null, typeof result.results>();
  for (const r of result.results) {
    const root = projectForFile(result.projects, r.file)?.root ?? null;
    groups.set(root, [...(groups.get(root) ?? []), r]);
  }
  const plans: MigrationPlan[] = [];
  for (const [root, files] of groups) {
    const settings = root ? await projectFixSettings(root) : {};
    const excluded = root ? excludeMatcher(await projectExcludes(root)) : () => false;
    const src = await loadProjectSources(
      root,
      files.map((f) => f.file),
      async (f) => (root ? excluded(relative(root, f)) : false),
    );
    const targets = [];
    for (const f of files) {
      const text = src.read(f.file);
      if (text === undefined) {
        process.stderr.write(
          `psram-lens: ${displayPath(f.file)}: not valid UTF-8; not rewritten\n`,
        );
      } else targets.push({ file: f.file, text, findings: f.findings });
    }
    plans.push(
      await planMigration(src, targets, {
        style: flags.style ?? settings.style ?? 'qualified',
        namespace: flags.namespace ?? settings.namespace ?? 'psram',
        headerPath: settings.headerPath,
      }),
    );
  }
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
