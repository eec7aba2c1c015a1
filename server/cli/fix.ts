/**
 * `psram-lens fix [PATH ...] [--dry-run] [--check] [--style unqualified|qualified] [--namespace NS]
 * [--include-vendored] [--include-host-code]`
 */
import { Command, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { CliError } from './errors';
import { displayPath } from '../analysis/sourceFiles';
import { validateNamespace } from '../fix/header';
import { type FilePlan, type FixStyle, type MigrationPlan } from '../fix/migrate';
import { type RefusedFile, planWorkspace, refusedLine } from '../fix/planWorkspace';
import { fixOptionsOf, projectFixSettings } from '../fix/fixOptions';
import { DEFAULT_SETTINGS } from '../config/settings';
import { writePlan } from '../fix/writeFiles';

export interface FixFlags {
  dryRun?: boolean;
  check?: boolean;
  style?: FixStyle;
  namespace?: string;
  includeVendored?: boolean;
  includeHostCode?: boolean;
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
    .option(
      '--include-vendored',
      'also migrate managed_components/, git submodules, deps/, third_party/, vendor/, external/',
    )
    .option(
      '--include-host-code',
      "also migrate files the ESP target's build does not compile (host test apps, emulators)",
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
  const problems: string[] = [];
  const { plans, errors, warnings, refused, vendored, hostCode } = await planWorkspace(
    paths,
    async (root) => {
      const s = root ? await projectFixSettings(root) : DEFAULT_SETTINGS;
      const resolved = fixOptionsOf(
        {
          fix: {
            style: flags.style ?? s.fix.style,
            includeVendored: flags.includeVendored ?? s.fix.includeVendored,
            includeHostCode: flags.includeHostCode ?? s.fix.includeHostCode,
          },
          factory: { namespace: flags.namespace ?? s.factory.namespace },
          header: s.header,
        },
        root,
      );
      problems.push(...resolved.problems);
      return resolved.options;
    },
  );
  problems.push(...plans.flatMap((p) => p.problems));
  // Unreadable inputs are reported like `check` does, and the rest is still migrated (exit 2).
  for (const line of [...warnings, ...new Set(problems), ...errors]) {
    process.stderr.write(`psram-lens: ${line}\n`);
  }
  const code = await report(plans, refused, { vendored, hostCode }, flags, out);
  return errors.length ? 2 : code;
}

async function report(
  plans: MigrationPlan[],
  refused: RefusedFile[],
  leftAlone: { vendored: RefusedFile[]; hostCode: RefusedFile[] },
  flags: FixFlags,
  out: LineSink,
): Promise<number> {
  let sites = 0;
  let files = 0;
  let changes = 0;
  const perRule = new Map<string, number>();
  let failed = false;
  for (const plan of plans) {
    let done = plan.files;
    for (const n of plan.refused) {
      out(`${displayPath(n.file)}:${n.line + 1}: not rewritten: ${n.reason} [${n.code}]`);
    }
    for (const n of plan.qualifiedInstead) {
      out(`${displayPath(n.file)}:${n.line + 1}: spelled qualified: ${n.reason} [${n.code}]`);
    }
    if (flags.dryRun) {
      if (plan.header.create) {
        for (const c of [...plan.created, plan.header]) {
          out(
            createTwoFilesPatch(
              '/dev/null',
              `b/${displayPath(c.path)}`,
              '',
              c.text,
              '',
              '',
            ).trimEnd(),
          );
        }
      }
      for (const f of plan.files) {
        const p = displayPath(f.file);
        out(createTwoFilesPatch(`a/${p}`, `b/${p}`, f.before, f.after, '', '').trimEnd());
      }
    } else if (flags.check) {
      if (plan.header.create) {
        for (const c of [...plan.created, plan.header]) out(`would add ${displayPath(c.path)}`);
      }
      for (const f of plan.files) out(`would rewrite ${displayPath(f.file)} (${f.sites} sites)`);
    } else {
      const w = await writePlan(plan, displayPath);
      for (const e of w.errors) process.stderr.write(`psram-lens: ${e}\n`);
      failed ||= w.errors.length > 0;
      if (plan.header.create) {
        for (const c of [...plan.created, plan.header]) {
          if (w.written.includes(c.path)) out(`added ${displayPath(c.path)}`);
        }
      }
      const written = new Set(w.written);
      for (const f of plan.files) {
        if (written.has(f.file)) out(rewroteLine(f));
      }
      // The summary counts only what was written.
      done = plan.files.filter((f) => written.has(f.file));
    }
    changes += plan.files.length + (plan.header.create ? 1 : 0);
    for (const f of done) {
      sites += f.sites;
      if (f.sites > 0) files++;
      for (const [code, n] of Object.entries(f.perRule)) {
        perRule.set(code, (perRule.get(code) ?? 0) + n);
      }
    }
  }
  for (const r of refused) out(refusedLine(r));
  const { vendored, hostCode } = leftAlone;
  if (vendored.length) {
    out(
      `${vendored.length} vendored files left alone (${[...new Set(vendored.map((v) => v.reason.replace(/^vendored \((.*)\)$/, '$1')))].join(', ')}); --include-vendored migrates them`,
    );
  }
  if (hostCode.length) {
    const named = hostCode.slice(0, 3).map((h) => displayPath(h.file));
    if (hostCode.length > 3) named.push(`${hostCode.length - 3} more`);
    out(
      `${hostCode.length} host-code files left alone (not built for the ESP target: ${named.join(', ')}); --include-host-code migrates them`,
    );
  }
  if (perRule.size) {
    out(
      [...perRule]
        .sort()
        .map(([c, n]) => `${c}: ${n}`)
        .join(', '),
    );
  }
  // Only a real run writes: the other modes say what they would do.
  const verb = flags.dryRun
    ? 'would be rewritten (dry run: nothing was written)'
    : flags.check
      ? 'to rewrite'
      : 'rewritten';
  out(`${sites} sites ${verb} in ${files} files`);
  if (failed) return 2;
  // A refused file still has findings: `--check` must not call the project done.
  return flags.check && (changes > 0 || refused.length > 0) ? 1 : 0;
}

/** `rewrote a.cpp (3 sites)`, or for a component's CMakeLists.txt `updated ...: requires psram_shared`. */
function rewroteLine(f: FilePlan): string {
  if (f.sites === 0 && f.edits.length > 0 && f.edits.every((e) => e.label === 'requirement')) {
    const name = f.edits[0].newText.trim().split(/\s+/).pop()?.replace(/"/g, '');
    return `updated ${displayPath(f.file)}: requires ${name}`;
  }
  return `rewrote ${displayPath(f.file)} (${f.sites} sites)`;
}
