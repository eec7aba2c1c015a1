/**
 * Fuzz: scenario JSON (the Simulator tab and `simulate` read it from untrusted files). Mutated
 * example scenarios and random JSON either run or fail with one ScenarioError line, within a time
 * bound; no other exception, no hang (the limits of server/sim/limits.ts hold).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadScenarioText } from '../../server/sim/load';
import { runScenario } from '../../server/sim/runner';
import { ScenarioError } from '../../server/sim/scenario';
import { budget, timeout } from './budget';

const DIR = join(__dirname, '..', '..', 'examples', 'scenarios');
const examples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown>);
const RUN_MS = 5000;

/** Keys and values that reach deep into the schema and the runner. */
const key = fc.constantFrom(
  'op',
  'label',
  'method',
  'count',
  'times',
  'steps',
  'type',
  'size',
  'align',
  'caps',
  'types',
  'chip',
  'idfVersion',
  'psramSize',
  'sdkconfig',
  'sdkconfigFile',
  'regions',
  '__proto__',
  'toString',
  'constructor',
);
const value = fc.oneof(
  fc.constantFrom(
    'allocate',
    'free',
    'repeat',
    'snapshot',
    'lockWeak',
    'releaseWeak',
    'make_shared',
    'new',
    'heap_caps_malloc',
    'MALLOC_CAP_SPIRAM',
    'esp32',
    'esp32s3',
    '8MB',
    '../../../etc/passwd',
    '/etc/shadow',
    '__proto__',
    'toString',
  ),
  fc.integer({ min: -2, max: 2 ** 31 }),
  fc.constantFrom(0, 1, 1e6, 1e12, -1, 0.5, NaN),
  fc.boolean(),
  fc.constant(null),
);

type Json = unknown;

/** Replaces, adds or deletes a value at a random path of `doc` (a structural clone). */
function mutate(doc: Json, path: number[], k: string, v: Json, kind: number): Json {
  const copy = structuredClone(doc) as Record<string, Json>;
  let node: Json = copy;
  for (const p of path) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const next = (node as Record<string, Json>)[keys[p % keys.length]];
    if (next === null || typeof next !== 'object') break;
    node = next;
  }
  if (node !== null && typeof node === 'object') {
    const o = node as Record<string, Json>;
    const keys = Object.keys(o);
    if (kind === 0) {
      Object.defineProperty(o, k, {
        value: v,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else if (kind === 1 && keys.length) o[keys[path.length % keys.length]] = v;
    else if (keys.length) delete o[keys[path.length % keys.length]];
  }
  return copy;
}

function runText(text: string): void {
  const t0 = performance.now();
  try {
    const { scenario, sdkconfig } = loadScenarioText(text, '/virtual/scenario.json', {
      root: '/virtual',
    });
    runScenario(scenario, sdkconfig);
  } catch (e) {
    assert.ok(
      e instanceof ScenarioError,
      `not a ScenarioError: ${String((e as Error)?.stack ?? e)}`,
    );
    assert.ok(!e.message.includes('\n'), 'one line');
  }
  assert.ok(performance.now() - t0 < RUN_MS, 'within the time bound');
}

void describe('fuzz: scenario JSON', () => {
  void test('mutated example scenarios run or fail with one clear line', { timeout }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), key, value, fc.nat(2)), {
          minLength: 1,
          maxLength: 4,
        }),
        (doc, edits) => {
          let d: Json = doc;
          for (const [path, k, v, kind] of edits) d = mutate(d, path, k, v, kind);
          runText(JSON.stringify(d));
        },
      ),
      budget(1500),
    );
  });

  void test('random JSON and broken text fail with one clear line', { timeout }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 6 }),
          fc.string({ maxLength: 200 }),
          fc.constantFrom(
            '{"chip":"esp32","steps":[',
            '\uFEFF{}',
            '{"chip":"esp32","steps":[{"op":"repeat","times":1000000,"steps":[{"op":"repeat","times":1000000,"steps":[{"op":"snapshot"}]}]}]}',
          ),
        ),
        (text) => runText(text),
      ),
      budget(4000),
    );
  });
});
