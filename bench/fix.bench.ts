/**
 * Migration speed (issue 4): `psram-lens fix` on the generated 200,000-line corpus, as a ratio to
 * the check alone (the analyzer over the same files), and a second run when nothing is left to do.
 * In-process figures (warm: parser loaded) plus the bundled CLI with its cold start. Then one file
 * with 10,000 and 20,000 sites (issue 12, fix 5): fix must stay linear in sites per file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './corpus';
import { DEFAULT_GRADE_SETTINGS } from '../server/analysis/grading';
import { checkWorkspace } from '../server/analysis/workspaceCheck';
import { planWorkspace } from '../server/fix/planWorkspace';
import { writePlan } from '../server/fix/writeFiles';

const OPTIONS = { style: 'qualified', namespace: 'psram' } as const;

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await f();
  return [performance.now() - t0, value];
}

async function fixOnce(dir: string): Promise<{ sites: number; files: number }> {
  const { plans } = await planWorkspace([dir], async () => OPTIONS);
  let sites = 0;
  let files = 0;
  for (const p of plans) {
    const w = await writePlan(p);
    if (w.errors.length) throw new Error(w.errors[0]);
    sites += p.sites;
    files += p.files.length;
  }
  return { sites, files };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'psl-bench-fix-'));
  try {
    const corpus = generateCorpus(join(dir, 'warm'));
    console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines`);
    await checkWorkspace({ paths: [corpus.dir], settings: DEFAULT_GRADE_SETTINGS });
    const [checkMs] = await timed(() =>
      checkWorkspace({ paths: [corpus.dir], settings: DEFAULT_GRADE_SETTINGS }),
    );
    const [fixMs, first] = await timed(() => fixOnce(corpus.dir));
    const [againMs, again] = await timed(() => fixOnce(corpus.dir));
    if (again.sites !== 0) throw new Error(`second run rewrote ${again.sites} sites`);
    console.log(`check alone (warm process): ${s(checkMs)}`);
    console.log(
      `fix (warm process): ${s(fixMs)} for ${first.sites} sites in ${first.files} files; fix / check ratio ${(fixMs / checkMs).toFixed(2)}`,
    );
    console.log(`second fix run (nothing to do): ${s(againMs)}`);

    const cold = generateCorpus(join(dir, 'cold'));
    const cli = join(__dirname, '..', 'dist', 'cli.js');
    const runCli = (...args: string[]): [number, string] => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, ...args, cold.dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      if (r.status !== 0 && r.status !== 1) {
        throw new Error(`${args[0]} exited ${r.status}: ${r.stderr}`);
      }
      return [performance.now() - t0, r.stdout.trim().split('\n').pop() ?? ''];
    };
    const [cliCheckMs] = runCli('check', '--format', 'json');
    const [cliFixMs, last] = runCli('fix');
    const [cliAgainMs, lastAgain] = runCli('fix');
    console.log(`psram-lens check CLI (cold start): ${s(cliCheckMs)}`);
    console.log(
      `psram-lens fix CLI (cold start): ${s(cliFixMs)} (${last}); fix / check ratio ${(cliFixMs / cliCheckMs).toFixed(2)}`,
    );
    console.log(`psram-lens fix CLI second run: ${s(cliAgainMs)} (${lastAgain})`);

    // Median of three runs each (a fresh file every time): single runs on a loaded machine vary 2x.
    for (const n of [10_000, 20_000]) {
      const one = join(dir, `one-${n}`);
      mkdirSync(one);
      const calls = Array.from(
        { length: n },
        (_, i) => `  auto p${i} = std::make_shared<W>(${i});`,
      );
      const text = ['#include <memory>', 'struct W { int a; W(int x) : a(x) {} };', 'void f() {'];
      const source = [...text, ...calls, '}', ''].join('\n');
      const checks: number[] = [];
      const fixes: number[] = [];
      for (let rep = 0; rep < 3; rep++) {
        rmSync(one, { recursive: true, force: true });
        mkdirSync(one);
        writeFileSync(join(one, 'sites.cpp'), source);
        const [checkMs] = await timed(() =>
          checkWorkspace({ paths: [one], settings: DEFAULT_GRADE_SETTINGS }),
        );
        const [fixMs, done] = await timed(() => fixOnce(one));
        if (done.sites !== n) throw new Error(`one file: ${done.sites} of ${n} sites rewritten`);
        checks.push(checkMs);
        fixes.push(fixMs);
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1];
      console.log(
        `one file, ${n} sites (median of 3): check ${s(median(checks))}, fix ${s(median(fixes))}; fix / check ratio ${(median(fixes) / median(checks)).toFixed(2)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
