/**
 * Every fixture log (test/fixtures/logs/*.log, written for this project from the ESP-IDF format
 * strings) parses to its expected events, and streaming it split at any point gives the same.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type HeapEvent } from '../../../server/protocol/events';
import { CHIPS, type Chip } from '../../../server/target/chips';
import { LogStreamParser, parseLog } from '../../../server/logparse/parser';

const DIR = join(__dirname, '..', '..', 'fixtures', 'logs');

interface Expected {
  options: { chip?: Chip };
  chip: Chip | null;
  lines: number;
  events: HeapEvent[];
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .sort()
  .map((name) => ({
    name,
    bytes: readFileSync(join(DIR, name)),
    expected: JSON.parse(
      readFileSync(join(DIR, name.replace(/\.log$/, '.expected.json')), 'utf8'),
    ) as Expected,
  }));

function streamed(chunks: (string | Uint8Array)[], chip?: Chip): ReturnType<typeof parseLog> {
  const p = new LogStreamParser({ chip });
  const events: HeapEvent[] = [];
  for (const c of chunks) events.push(...p.push(c));
  events.push(...p.end());
  return { chip: p.chip, lines: p.lines, events };
}

describe('fixture logs', () => {
  test('there is a fixture for every chip and every log generation', () => {
    const names = fixtures.map((f) => f.name).join(' ');
    for (const chip of CHIPS) {
      assert.ok(
        fixtures.some((f) => f.name.startsWith(`${chip}-`)),
        chip,
      );
    }
    for (const v of ['v4.2', 'v4.4', 'v5.0', 'v5.1', 'v5.2', 'v5.3', 'v5.4', 'v5.5']) {
      assert.ok(names.includes(v), v);
    }
  });

  for (const f of fixtures) {
    describe(f.name, () => {
      const whole = parseLog(f.bytes, f.expected.options);
      // Compared as JSON text: thousands of comparisons, and a mismatch still shows the split point.
      const wholeJson = JSON.stringify(whole);
      const same = (r: ReturnType<typeof parseLog>, where: string): void => {
        if (JSON.stringify(r) !== wholeJson) assert.deepEqual(r, whole, where);
      };

      test('parses to the expected events', () => {
        assert.deepEqual(
          { chip: whole.chip, lines: whole.lines, events: whole.events },
          { chip: f.expected.chip, lines: f.expected.lines, events: f.expected.events },
        );
      });

      test('bytes split at every point (mid UTF-8, mid escape, mid CRLF) give the same events', () => {
        for (let k = 0; k <= f.bytes.length; k++) {
          const chunks = [f.bytes.subarray(0, k), f.bytes.subarray(k)];
          same(streamed(chunks, f.expected.options.chip), `byte ${k}`);
        }
      });

      test('string chunks of any sizes give the same events', () => {
        const text = f.bytes.toString('utf8');
        fc.assert(
          fc.property(fc.uniqueArray(fc.nat(text.length), { maxLength: 40 }), (cuts) => {
            const points = [0, ...cuts.sort((a, b) => a - b), text.length];
            const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
            same(streamed(chunks, f.expected.options.chip), `cuts ${cuts.join(',')}`);
          }),
          { numRuns: 50 },
        );
      });
    });
  }
});
