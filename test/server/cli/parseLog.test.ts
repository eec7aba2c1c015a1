/** The real `psram-lens parse-log` command, run as a process (through tsx, from the sources). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLog } from '../../../server/logparse/parser';
import { EventSymbolizer } from '../../../server/symbolize/annotate';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'server', 'cli', 'main.ts');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'logs', 'esp32s3-v5.0-octal-trace.log');

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'parse-log', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
}

describe('psram-lens parse-log', () => {
  test('--json prints one document with the contract fields, equal to the library result', async () => {
    const r = cli([FIXTURE, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const expected = parseLog(readFileSync(FIXTURE));
    // No ELF here: sites come from the monitor's decode lines only.
    await new EventSymbolizer(null).annotate(expected.events);
    assert.deepEqual(doc, { version: 1, ...expected });
  });

  test('- reads stdin; --chip and --no-text apply', () => {
    const r = cli(['-', '--json', '--chip', 'esp32', '--no-text'], 'hello\nI (5) a: b\n');
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { chip: string; lines: number; events: { kind: string }[] };
    assert.equal(doc.chip, 'esp32');
    assert.equal(doc.lines, 2);
    assert.deepEqual(
      doc.events.map((e) => e.kind),
      ['log'],
    );
  });

  test('an unreadable input exits 2 with one stderr line naming it, nothing on stdout', () => {
    const r = cli([join(ROOT, 'no-such-dir', 'monitor.log'), '--json']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /no-such-dir\/monitor\.log: no such file or directory/);
  });

  test('--follow prints events as NDJSON as the file grows and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psram-lens-follow-'));
    const file = join(dir, 'monitor.log');
    writeFileSync(file, 'I (1) a: first\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'parse-log', file, '--follow'],
      {
        cwd: ROOT,
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (pred: () => boolean): Promise<void> => {
      for (let i = 0; i < 300 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => out.includes('first'));
    appendFileSync(file, 'W (2) wifi:alloc eb len=28 type=3 fail\n');
    await waitFor(() => out.includes('allocFailed'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; line: number });
    assert.deepEqual(
      events.map((e) => [e.kind, e.line]),
      [
        ['log', 1],
        ['log', 2],
        ['allocFailed', 2],
      ],
    );
  });
});
