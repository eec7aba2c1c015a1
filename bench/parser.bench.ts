/**
 * Log parser figures: throughput on a 100 MB generated log with a realistic mix of lines,
 * heap use while streaming it (should stay flat: events are consumed as they come), and the
 * worst time one line of a fuzz corpus takes (catastrophic regex backtracking would show here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import os from 'node:os';
import { join } from 'node:path';
import { LineSplitter } from '../server/logparse/lineSplitter';
import { LogStreamParser } from '../server/logparse/parser';
import { realisticLog } from './parserCorpus';
import { megabyteLines } from '../test/server/logparse/longLines';

const TARGET_BYTES = 100 * 1024 * 1024;
const CHUNK = 64 * 1024;

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1e6;
}

/** Calibration on this machine: splitting the same log into lines, nothing else. */
function splitOnly(log: Buffer): number {
  const splitter = new LineSplitter();
  const cpu0 = process.cpuUsage();
  for (let off = 0; off < log.length; off += CHUNK) {
    splitter.push(log.subarray(off, Math.min(off + CHUNK, log.length)));
  }
  splitter.end();
  return cpuSince(cpu0);
}

function throughput(): void {
  const log = realisticLog(TARGET_BYTES);
  const parser = new LogStreamParser({ chip: null });
  const heap: number[] = [];
  let events = 0;
  global.gc?.();
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let off = 0; off < log.length; off += CHUNK) {
    events += parser.push(log.subarray(off, Math.min(off + CHUNK, log.length))).length;
    if ((off / CHUNK) % 160 === 0) heap.push(process.memoryUsage().heapUsed);
  }
  events += parser.end().length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = cpuSince(cpu0);
  const later = heap.slice(Math.floor(heap.length / 4));
  console.log(`input: ${mb(log.length)} MB, ${parser.lines} lines, ${events} events`);
  const rate = (sec: number): string => (log.length / 1024 / 1024 / sec).toFixed(1);
  console.log(`throughput: ${rate(seconds)} MB/s wall clock (${seconds.toFixed(2)} s)`);
  // On a shared machine the wall clock also counts time other processes had the CPU.
  console.log(`throughput: ${rate(cpuSeconds)} MB/s of CPU time (${cpuSeconds.toFixed(2)} s)`);
  console.log(`baseline, line splitting alone: ${rate(splitOnly(log))} MB/s of CPU time`);
  console.log(
    `load average during the run: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `heap while streaming (after warm-up): min ${mb(Math.min(...later))} MB, max ${mb(Math.max(...later))} MB, samples ${later.length}`,
  );
}

/** Fuzz corpus: fixture lines with random mutations, random bytes, and megabyte-long lines. */
function fuzzCorpus(): string[] {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'logs');
  const lines: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    lines.push(...readFileSync(join(dir, f), 'utf8').split(/\r\n|\r|\n/));
  }
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const mutated = lines.map((l) => {
    const a = l.split('');
    for (let i = 0; i < 3 && a.length > 0; i++) {
      a[rand(a.length)] = String.fromCharCode(32 + rand(95));
    }
    return a.join('');
  });
  const random = Array.from({ length: 2000 }, () =>
    String.fromCharCode(...Array.from({ length: 1 + rand(200) }, () => 1 + rand(0x2ff))),
  );
  const long = megabyteLines();
  return [...lines, ...mutated, ...random, ...long];
}

function worstLine(): void {
  const corpus = fuzzCorpus();
  let worst = 0;
  let worstLen = 0;
  for (const line of corpus) {
    // Best of three runs: a line's own cost, not a garbage-collection pause that hit it.
    let ms = Infinity;
    for (let run = 0; run < 3; run++) {
      const p = new LogStreamParser();
      const start = process.hrtime.bigint();
      p.push(line + '\n');
      p.end();
      ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
    }
    if (ms > worst) {
      worst = ms;
      worstLen = line.length;
    }
  }
  console.log(
    `fuzz corpus: ${corpus.length} lines; worst time for one line: ${worst.toFixed(2)} ms (a ${worstLen}-char line)`,
  );
}

/**
 * `parse-log --json` on a 500,000-record heap-trace dump against a plain log of as many lines:
 * peak RSS of the real CLI (dist/cli.js; the records are streamed, not held).
 */
function traceMemory(): void {
  const dir = mkdtempSync(join(tmpdir(), 'psram-lens-bench-trace-'));
  const n = 500_000;
  const trace = [`====== Heap Trace: ${n} records (${n} capacity) ======`];
  const plain: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = (0x3fc90000 + ((i * 16) & 0x3ffff)).toString(16);
    trace.push(
      `    96 bytes (@ 0x${a}, Internal) allocated CPU 0 ccount 0x${(i * 7919).toString(16)} caller 0x42008a10:0x4200${(i % 65536).toString(16).padStart(4, '0')}`,
    );
    plain.push(`I (${i}) app: frame ${i} encoded, ${1200 + (i % 300)} bytes and some more text`);
  }
  trace.push('================================');
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  for (const [name, lines] of [
    ['heap-trace dump', trace],
    ['plain log', plain],
  ] as const) {
    const file = join(dir, `${name.replace(/\W/g, '')}.log`);
    writeFileSync(file, lines.join('\n') + '\n');
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, cli, 'parse-log', file, '--json', '--chip', 'esp32s3'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
    const kb = Number(r.stderr.trim().split('\n').pop());
    console.log(
      `parse-log --json, ${name} of ${n.toLocaleString('en-US')} lines: peak RSS ${(kb / 1024).toFixed(0)} MB`,
    );
  }
}

export async function run(): Promise<void> {
  throughput();
  worstLine();
  traceMemory();
  return Promise.resolve();
}
