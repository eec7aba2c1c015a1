/**
 * Fuzz: parse-log on mutated fixture logs (characters replaced, inserted and deleted, lines
 * shuffled, joined, cut and repeated). No throw, events in line order, the same events in any
 * chunking, and every line within a time bound (no catastrophic backtracking).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { HeapEvent } from '../../server/protocol/events';
import { LogStreamParser, parseLog } from '../../server/logparse/parser';
import { budget, timeout } from './budget';

const DIR = join(__dirname, '..', 'fixtures', 'logs');
const lines = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .flatMap((f) => readFileSync(join(DIR, f), 'utf8').split(/\r\n|\r|\n/));
/**
 * CPU per line: 250 ms, plus as much again per MiB (parsing is linear; backtracking is not),
 * generous for a loaded CI machine and far below what catastrophic backtracking costs.
 */
const LINE_MS = 250;
const lineBound = (line: string) => LINE_MS * (1 + line.length / 2 ** 20);
/** The longest line the mutations build. */
const MAX_LINE = 2 ** 20;

const mutation = fc.oneof(
  fc.tuple(fc.constant('replace' as const), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })),
  fc.tuple(
    fc.constant('insert' as const),
    fc.nat(),
    fc.nat(),
    fc.constantFrom('0x', ' ', ':', '(', ')', '\x1b[0;31m', 'ffffffff', '-', '\t', '9'.repeat(20)),
  ),
  fc.tuple(fc.constant('delete' as const), fc.nat(), fc.nat(), fc.nat(12).map(String)),
  fc.tuple(fc.constant('repeat' as const), fc.nat(), fc.nat(), fc.nat(200).map(String)),
);

/**
 * CPU time of parsing one line, the least of three tries when the first is over the bound: a
 * shared machine's pauses vary, catastrophic backtracking does not.
 */
function lineCpuMs(line: string): number {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= lineBound(line); i++) {
    const t0 = process.cpuUsage();
    parseLog(line);
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

type Mutation = [kind: string, line: number, at: number, arg: string];

function mutate(src: string[], edits: Mutation[]): string[] {
  const out = src.slice();
  for (const [kind, li, ci, s] of edits) {
    const i = li % out.length;
    const l = out[i];
    const at = ci % (l.length + 1);
    if (kind === 'replace') out[i] = l.slice(0, at) + s + l.slice(at + s.length);
    else if (kind === 'insert') out[i] = l.slice(0, at) + s + l.slice(at);
    else if (kind === 'delete') out[i] = l.slice(0, at) + l.slice(at + Number(s));
    else {
      // Long lines, but at most MAX_LINE (a repeated repeat would grow without bound).
      const times = Math.min(
        1 + (Number(s) % 50),
        Math.floor(MAX_LINE / Math.max(1, l.length - at)),
      );
      out[i] = l.slice(0, at) + l.slice(at).repeat(Math.max(1, times));
    }
  }
  return out;
}

void describe('fuzz: parse-log', () => {
  void test(
    'mutated fixture logs: no throw, line order, chunking-independent, bounded time per line',
    { timeout },
    () => {
      fc.assert(
        fc.property(
          fc.shuffledSubarray(lines, { minLength: 1, maxLength: 40 }),
          fc.array(mutation, { maxLength: 12 }),
          fc.constantFrom('\n', '\r\n', '\r'),
          fc.array(fc.nat(), { maxLength: 6 }),
          (picked, edits, eol, cuts) => {
            const mutated = mutate(picked, edits);
            for (const line of mutated) {
              const ms = lineCpuMs(line);
              assert.ok(
                ms < LINE_MS,
                `${ms.toFixed(0)} ms CPU for a line of ${line.length}: ${JSON.stringify(line.slice(0, 120))}`,
              );
            }
            const bytes = Buffer.from(mutated.join(eol), 'utf8');
            const whole = parseLog(bytes);
            let last = 0;
            for (const e of whole.events) {
              assert.ok(e.line >= last && e.line <= whole.lines);
              last = e.line;
            }
            const p = new LogStreamParser();
            const events: HeapEvent[] = [];
            let prev = 0;
            for (const c of [...cuts.map((x) => x % (bytes.length + 1))].sort((a, b) => a - b)) {
              events.push(...p.push(bytes.subarray(prev, c)));
              prev = c;
            }
            events.push(...p.push(bytes.subarray(prev)), ...p.end());
            assert.deepEqual(events, whole.events);
          },
        ),
        budget(2500),
      );
    },
  );
});
