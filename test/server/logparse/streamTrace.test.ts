/**
 * Streamed heap-trace records (issue 13.7: 500,000 trace records held 444 MB): the parser hands a
 * dump's records out as they are read, and `parse-log --json` writes them at once. Reassembled, the
 * stream is the same as the whole parse, for every fixture log and for a large dump with decode
 * and `freed by` lines; the CLI's document equals the library's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeapEvent, HeapTraceRecord } from '../../../server/protocol/events';
import { LogStreamParser, parseLog, type ParserOutput } from '../../../server/logparse/parser';
import { EventSymbolizer } from '../../../server/symbolize/annotate';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'logs');

function bigDump(n: number): string {
  const lines = [`====== Heap Trace: ${n} records (${n} capacity) ======`];
  for (let i = 0; i < n; i++) {
    // Callers unique per record: a decode line then names its own record only.
    const caller = (0x42000000 + i * 4).toString(16);
    lines.push(
      `    96 bytes (@ 0x3fc${(0x90000 + i * 16).toString(16).slice(-5)}, Internal) allocated CPU 0 ccount 0x${(i * 7919).toString(16).padStart(8, '0')} caller 0x${caller}:0x42001000`,
    );
    if (i % 3 === 0) lines.push(`--- 0x${caller}: app::f${i}() at /p/main/app.cpp:${1 + i}`);
    if (i % 5 === 0) lines.push('freed by 0x40384fe0:0x4200a2b4');
  }
  lines.push(
    '====== Heap Trace Summary ======',
    'Mode: Heap Trace All',
    '================================',
    'I (9) app: after',
  );
  return lines.join('\n') + '\n';
}

/** The streamed parts with each dump's early records put back into its event. */
function reassembled(text: string, chunk: number): HeapEvent[] {
  const p = new LogStreamParser({ streamTraceRecords: true });
  const parts: ParserOutput[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(...p.pushParts(text.slice(i, i + chunk)));
  parts.push(...p.endParts());
  const early = new Map<number, HeapTraceRecord[]>();
  const out: HeapEvent[] = [];
  for (const x of parts) {
    if (x.kind === 'heapTraceRecords') {
      early.set(x.line, [...(early.get(x.line) ?? []), ...x.records]);
    } else if (x.kind === 'heapTrace') {
      out.push({ ...x, records: [...(early.get(x.line) ?? []), ...x.records] });
      early.delete(x.line);
    } else out.push(x);
  }
  assert.equal(early.size, 0, 'every streamed record belongs to a dump event that follows');
  return out;
}

describe('streamed heap-trace records', () => {
  test('reassembled, the stream equals the whole parse (fixtures and a 5,000-record dump)', () => {
    const texts = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(FIXTURES, f), 'latin1'));
    texts.push(bigDump(5000));
    for (const text of texts) {
      const whole = parseLog(text).events;
      assert.deepEqual(reassembled(text, 4096), whole);
      assert.deepEqual(reassembled(text, 97), whole);
    }
  });

  test('parse-log --json writes the same document as the library', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psram-lens-trace-'));
    const file = join(dir, 'trace.log');
    const text = bigDump(5000);
    writeFileSync(file, text);
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'server', 'cli', 'main.ts'),
        'parse-log',
        file,
        '--json',
        '--chip',
        'esp32s3',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const expected = parseLog(text, { chip: 'esp32s3' });
    await new EventSymbolizer(null).annotate(expected.events);
    assert.deepEqual(JSON.parse(r.stdout), { version: 1, ...expected });
  });
});
