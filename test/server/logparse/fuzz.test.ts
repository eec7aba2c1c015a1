/**
 * Property tests: any input, however broken, parses without throwing, chunking never changes
 * the result, events come in line order, and no line takes long (no catastrophic backtracking).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { HeapEvent } from '../../../server/protocol/events';
import { LogStreamParser, parseLog } from '../../../server/logparse/parser';
import { megabyteLines } from './longLines';

const DIR = join(__dirname, '..', '..', 'fixtures', 'logs');
const fixtureLines = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .flatMap((f) => readFileSync(join(DIR, f), 'utf8').split(/\r\n|\r|\n/));

function chunked(input: Uint8Array, cuts: number[]): ReturnType<typeof parseLog> {
  const p = new LogStreamParser();
  const points = [0, ...cuts.filter((c) => c <= input.length).sort((a, b) => a - b), input.length];
  const events: HeapEvent[] = [];
  for (let i = 1; i < points.length; i++) {
    events.push(...p.push(input.subarray(points[i - 1], points[i])));
  }
  events.push(...p.end());
  return { chip: p.chip, lines: p.lines, events };
}

function wellFormed(r: ReturnType<typeof parseLog>): void {
  let last = 0;
  for (const e of r.events) {
    assert.equal(typeof e.kind, 'string');
    assert.ok(e.line >= 1 && e.line <= r.lines, `line ${e.line} of ${r.lines}`);
    assert.ok(e.line >= last, 'events are in input order');
    last = e.line;
  }
}

/** Fragments of real formats, so random inputs reach deep into the parser. */
const fragment = fc.constantFrom(
  'I (12) heap_init: At 3FC94BE8 len 00054B28 (338 KiB): RAM',
  'Heap summary for capabilities 0x00000800:',
  '  At 0x3fc94be8 len 346920 free 280000 allocated 60000 min_free 270000',
  '    largest_free_block 200000 alloc_blocks 10 free_blocks 2 total_blocks 12',
  '  Totals:',
  '    free 280000 allocated 60000 min_free 270000 largest_free_block 200000',
  '====== Heap Trace: 2 records (64 capacity) ======',
  '3 allocations trace (100 entry buffer)',
  '    96 bytes (@ 0x3fc9a1b0, Internal) allocated CPU 0 ccount 0x12ab34c8 caller 0x42008a10:0x42009b22',
  'freed by 0x40384fe0:0x4200a2b4',
  '--- 0x42008a10: operator new(unsigned int) at /x/new_op.cc:50',
  '--- (inlined by) app_main at /x/main.cpp:3',
  '====== Heap Trace Summary ======',
  'total allocations 2 total frees 0',
  '================================',
  'D (1) psram_lens: alloc ptr=0x3c0a1234 size=108 heap=psram',
  'Mem alloc fail. size 0x00004e20 caps 0x00001800',
  '\x1b[0;32m',
  '[12:00:01] ',
  '\r',
  '\n',
  '\r\n',
  'ESP-ROM:esp32s3-20210327',
);

describe('parser fuzzing', () => {
  test('random bytes: no throw, same result in any chunks, events in line order', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(2000), { maxLength: 8 }),
        (bytes, cuts) => {
          const whole = parseLog(bytes);
          wellFormed(whole);
          assert.deepEqual(chunked(bytes, cuts), whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random mixes of real format fragments', () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 60 }),
        fc.array(fc.nat(4000), { maxLength: 8 }),
        (parts, cuts) => {
          const bytes = Buffer.from(parts.join(''), 'utf8');
          const whole = parseLog(bytes);
          wellFormed(whole);
          assert.deepEqual(chunked(bytes, cuts), whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('mutated fixture lines (replaced, inserted and deleted characters, shuffled order)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(fixtureLines, { minLength: 1, maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 20 }),
        (lines, edits) => {
          const mutated = lines.slice();
          for (const [li, ci, s] of edits) {
            const l = mutated[li % mutated.length];
            const at = ci % (l.length + 1);
            mutated[li % mutated.length] = l.slice(0, at) + s + l.slice(at + (ci % 2));
          }
          wellFormed(parseLog(mutated.join('\n')));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('megabyte-long lines parse in bounded time each', () => {
    const long = megabyteLines();
    for (const line of long) {
      const start = process.hrtime.bigint();
      const r = parseLog(line + '\n');
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.equal(r.lines, 1);
      // Linear work is a few ms per MB; backtracking would take seconds to hours.
      assert.ok(ms < 1500, `${JSON.stringify(line.slice(0, 30))}... took ${ms.toFixed(0)} ms`);
    }
  });
});
