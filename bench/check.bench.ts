/**
 * Workspace check speed (issue 3): `psram-lens check` (bundled CLI, both cores) on a generated
 * 200,000-line corpus, as a ratio to a full single-threaded tree-sitter parse of the same files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './corpus';
import { createCppParser } from '../server/analysis/parser';
import { DEFAULT_GRADE_SETTINGS } from '../server/analysis/grading';
import { checkWorkspace } from '../server/analysis/workspaceCheck';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'psl-bench-check-'));
  try {
    const corpus = generateCorpus(dir);
    const texts = corpus.files.map((f) => readFileSync(f, 'utf8'));
    const parser = await createCppParser();
    const parseTimes: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      for (const t of texts) parser.parse(t)?.delete();
      parseTimes.push(performance.now() - t0);
    }
    parser.delete();
    const warmTimes: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      await checkWorkspace({ paths: [dir], settings: DEFAULT_GRADE_SETTINGS });
      warmTimes.push(performance.now() - t0);
    }
    const cli = join(__dirname, '..', 'dist', 'cli.js');
    const checkTimes: number[] = [];
    let findings = 0;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      checkTimes.push(performance.now() - t0);
      if (r.status !== 1) throw new Error(`check exited ${r.status}: ${r.stderr}`);
      findings = (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
    }
    const parseMs = median(parseTimes);
    const checkMs = median(checkTimes);
    console.log(
      `corpus: ${corpus.files.length} files, ${corpus.lines} lines, ${(corpus.bytes / 1e6).toFixed(1)} MB`,
    );
    console.log(
      `full tree-sitter parse (1 thread): ${(parseMs / 1000).toFixed(2)} s (${((corpus.lines / parseMs) * 1000).toFixed(0)} lines/s)`,
    );
    const warmMs = median(warmTimes);
    console.log(`workspace check in a warm process: ${(warmMs / 1000).toFixed(2)} s`);
    console.log(
      `check / parse ratio (warm, the analysis itself): ${(warmMs / parseMs).toFixed(2)} (goal <= 0.3, issue 12)`,
    );
    console.log(
      `psram-lens check CLI, cold start included: ${(checkMs / 1000).toFixed(2)} s, ${findings} findings`,
    );
    console.log(`check / parse ratio (CLI cold start): ${(checkMs / parseMs).toFixed(2)}`);
    console.log(`check throughput: ${((corpus.lines / checkMs) * 1000).toFixed(0)} lines/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
