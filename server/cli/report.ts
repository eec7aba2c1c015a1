/**
 * `psram-lens report [PROJECT] [--log FILE] [--scenario FILE ...]`: the main job in one readable page.
 * Find (check), Verify on the device (parse a monitor log into the heap model), and ask "what if"
 * (simulate std::make_shared against the PSRAM factory). Exit code as `check`: 1 when there are findings.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors';
import { loadScenarioForCli } from './simulate';
import { RULE_CODES, type RuleCode } from '../analysis/findings';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { RULES } from '../analysis/rules';
import { displayPath } from '../analysis/sourceFiles';
import { type CheckResult, checkWorkspace } from '../analysis/workspaceCheck';
import { HeapModel } from '../heap/model';
import type { HeapSnapshot, SummaryKind } from '../protocol/snapshot';
import { formatBytes } from './bytes';
import { parseLog } from '../logparse/parser';
import { runScenario } from '../sim/runner';
import { groupTable } from '../sim/summary';
import { annotateEvents } from './parseLog';
import { sitesTable } from './sitesTable';

interface ReportFlags {
  log?: string;
  scenario: string[];
  elf?: string;
  addr2line?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'check a project, summarise a monitor log and simulate scenarios, as one readable report',
    )
    .argument('[project]', 'ESP-IDF project folder', '.')
    .option('--log <file>', 'a captured idf.py monitor log of this project')
    .option(
      '--scenario <file>',
      'a simulator scenario (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option(
      '--elf <file>',
      "application ELF to decode the log's addresses (default: from the project build)",
    )
    .option(
      '--addr2line <path>',
      "the toolchain's addr2line (default: found from the ESP-IDF tools)",
    )
    .action(async (project: string, flags: ReportFlags) => {
      const out: string[] = [];
      const check = await checkWorkspace({ paths: [project], settings: DEFAULT_GRADE_SETTINGS });
      for (const line of [...check.warnings, ...check.errors]) {
        process.stderr.write(`psram-lens: ${line}\n`);
      }
      out.push(...findSection(check));
      if (flags.log) out.push(...(await logSection(flags.log, check, project, flags)));
      for (const s of flags.scenario) out.push(...scenarioSection(s));
      out.push(
        'Next: `psram-lens fix --dry-run` shows the migration to the PSRAM factory as a diff.',
      );
      await new Promise<void>((done) => process.stdout.write(out.join('\n') + '\n', () => done()));
      process.exitCode = check.errors.length ? 2 : check.results.length ? 1 : 0;
    });
}

/** The report's names for the summary rows (the panel's words, not the model's identifiers). */
const KIND_LABELS: Record<SummaryKind, string> = {
  internalDma: 'internal, DMA-capable',
  internalOther: 'internal, other',
  iram: 'IRAM (heap)',
  rtc: 'RTC RAM',
  psram: 'PSRAM',
};

function findSection(r: CheckResult): string[] {
  const p = r.projects[0];
  const c = p?.config ?? r.fallbackConfig;
  const mode =
    c.psram === false
      ? 'no PSRAM'
      : c.spiramUseMalloc
        ? `PSRAM for malloc, requests ≤ ${c.alwaysInternalThreshold} B stay internal`
        : c.spiramUseCapsAlloc
          ? 'PSRAM by caps only'
          : c.spiramUseMemmap
            ? 'PSRAM memory-mapped'
            : 'configuration unknown';
  const all = r.results.flatMap((x) => x.findings.map((f) => ({ file: x.file, f })));
  const lines = [
    `PSRAM Lens report: ${p ? displayPath(p.root) : 'no ESP-IDF project'} (${c.targetName ?? 'target unknown'}, ${mode})`,
    '',
    `== Find: ${all.length} allocation sites in ${r.results.length} of ${r.filesScanned} files`,
  ];
  const counts = new Map<RuleCode, number>();
  for (const { f } of all) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  for (const code of RULE_CODES) {
    if (counts.get(code)) {
      lines.push(`  ${code}  ${String(counts.get(code)).padStart(3)}  ${RULES[code].title}`);
    }
  }
  lines.push('');
  for (const { file, f } of all) {
    const size = f.estimatedBytes !== undefined ? ` ≈${f.estimatedBytes} B` : '';
    lines.push(
      `  ${displayPath(file)}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.code}  ${f.severity}${size}`,
    );
  }
  lines.push('');
  return lines;
}

async function logSection(
  file: string,
  check: CheckResult,
  project: string,
  flags: ReportFlags,
): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch {
    throw new CliError(`${file}: cannot read log`);
  }
  const chip = check.projects[0]?.config.target ?? null;
  const parsed = parseLog(text, { chip });
  await annotateEvents({ ...flags, project }, parsed.chip, parsed.events);
  const model = new HeapModel({ chip: parsed.chip });
  for (const e of parsed.events) model.apply(e);
  const snap = model.snapshot();
  const rows = model.allocations();
  const byKind = new Map<string, { n: number; bytes: number }>();
  for (const a of rows.filter((x) => x.live)) {
    const k = byKind.get(a.memory) ?? { n: 0, bytes: 0 };
    byKind.set(a.memory, { n: k.n + 1, bytes: k.bytes + a.size });
  }
  const lines = [
    `== Verify: ${displayPath(resolve(file))} (${parsed.lines} lines, chip ${parsed.chip ?? 'unknown'}, ${parsed.events.length} events)`,
    ...summaryLines(snap),
    `  live allocations: ${[...byKind].map(([k, v]) => `${k} ${v.n} (${formatBytes(v.bytes)})`).join(', ') || 'none reported'}`,
    `  allocation failures: ${snap.failures.length}${snap.failures.length ? ` (largest ${formatBytes(Math.max(...snap.failures.map((x) => x.size)))})` : ''}`,
    ...snap.warnings.map((w) => `  ! ${w.message}`),
  ];
  if (snap.sites && snap.sites.length > 0) {
    lines.push('  top allocation sites:', ...sitesTable(snap.sites, 10).map((l) => `  ${l}`));
  }
  lines.push('');
  return lines;
}

function summaryLines(s: HeapSnapshot): string[] {
  const width = Math.max(6, ...s.summary.map((k) => KIND_LABELS[k.kind].length));
  const head = ['total', 'free', 'min free', 'largest block'];
  const out = [`  ${'memory'.padEnd(width)} ${head.map((h) => h.padStart(13)).join(' ')}`];
  for (const k of s.summary) {
    const cells = [k.total, k.free, k.minFree, k.largestFreeBlock].map((v) =>
      formatBytes(v).padStart(13),
    );
    out.push(`  ${KIND_LABELS[k.kind].padEnd(width)} ${cells.join(' ')}`);
  }
  if (s.reservePool) out.push(`  reserve pool for DMA/internal: ${formatBytes(s.reservePool)}`);
  return out;
}

function scenarioSection(file: string): string[] {
  const { scenario, sdkconfig } = loadScenarioForCli(file);
  const { result } = runScenario(scenario, sdkconfig);
  return [
    `== Simulate: ${result.scenario ?? file} (${result.chip}, ESP-IDF ${result.idfVersion})`,
    ...groupTable(result.groups)
      .split('\n')
      .map((l) => `  ${l}`),
    `  internal free at the end ${formatBytes(result.totals.internal.free)} (minimum ${formatBytes(result.totals.internal.minFree)}), failed allocations ${result.failures}`,
    '',
  ];
}
