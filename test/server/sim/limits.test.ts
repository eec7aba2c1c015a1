/**
 * Hostile scenarios (issue: simulate has no bounds): each fails fast with one clear line instead of
 * hanging, running out of memory or overflowing the stack; lookups and paths stay inside the scenario.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText } from '../../../server/sim/load';
import { LIMITS, SimulationCancelled } from '../../../server/sim/limits';
import { runScenario } from '../../../server/sim/runner';
import { ScenarioError, parseScenario, type ScenarioInput } from '../../../server/sim/scenario';

/** A hang on old code must fail the test, not the run. */
const bounded = { timeout: 20_000 };

function rejects(input: unknown, message: RegExp): void {
  assert.throws(
    () => runScenario(parseScenario(input)),
    (e: unknown) =>
      e instanceof ScenarioError && message.test(e.message) && !e.message.includes('\n'),
  );
}

const repeat = (times: number, steps: unknown[]) => ({ op: 'repeat', times, steps });

void describe('simulate bounds', () => {
  void test('nested repeat of 10^12 steps fails before running', bounded, () => {
    const t0 = Date.now();
    rejects(
      { chip: 'esp32', steps: [repeat(1_000_000, [repeat(1_000_000, [{ op: 'snapshot' }])])] },
      new RegExp(`runs \\d+ steps; the limit is ${LIMITS.steps}`),
    );
    assert.ok(Date.now() - t0 < 2000);
  });

  void test('10 million snapshots fail before running (memory)', bounded, () => {
    rejects(
      { chip: 'esp32s3', steps: [repeat(10, [repeat(1_000_000, [{ op: 'snapshot' }])])] },
      /the limit is/,
    );
    rejects(
      { chip: 'esp32s3', steps: [repeat(LIMITS.snapshots + 1, [{ op: 'snapshot' }])] },
      new RegExp(`takes ${LIMITS.snapshots + 1} snapshots; the limit is ${LIMITS.snapshots}`),
    );
  });

  void test('repeat nested 3,000 deep is an error, not a stack overflow', bounded, () => {
    // Built as text: JSON.stringify itself overflows on a value this deep.
    const open = '{"op":"repeat","times":1,"steps":['.repeat(3000);
    const text = `{"chip":"esp32","steps":[${open}{"op":"snapshot"}${']}'.repeat(3000)}]}`;
    assert.throws(
      () => loadScenarioText(text, '/w/deep.json'),
      /^ScenarioError: \/w\/deep\.json: steps: repeat nested more than 32 deep$/,
    );
    let ok: unknown[] = [{ op: 'snapshot' }];
    for (let i = 0; i < LIMITS.nesting; i++) ok = [repeat(1, ok)];
    runScenario(parseScenario({ chip: 'esp32', steps: ok }));
  });

  void test('free/lockWeak steps scanning many objects are bounded', bounded, () => {
    rejects(
      {
        chip: 'esp32',
        steps: [
          { op: 'allocate', label: 'a', method: 'make_shared', size: 8, count: 2000 },
          repeat(100_000, [{ op: 'lockWeak', label: 'a' }]),
        ],
      },
      /visit more than/,
    );
  });

  void test('"toString" and "__proto__" are not types unless the scenario defines them', () => {
    for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      rejects(
        {
          chip: 'esp32',
          types: JSON.parse(`{"${type}": {"size": 4}}`) as ScenarioInput['types'],
          steps: [{ op: 'allocate', label: 'a', method: 'make_shared', type: 'Other' }],
        },
        /"Other" is not defined in "types"/,
      );
      rejects(
        {
          chip: 'esp32',
          steps: [{ op: 'allocate', label: 'a', method: 'make_shared', type }],
        },
        new RegExp(`"${type}" is not defined in "types"`),
      );
    }
  });

  void test('the cancelled check stops a long run', () => {
    let polls = 0;
    const scenario = parseScenario({
      chip: 'esp32',
      steps: [repeat(40_000, [{ op: 'snapshot', caps: 'MALLOC_CAP_SPIRAM' }])],
    });
    assert.throws(
      () => runScenario(scenario, undefined, { cancelled: () => ++polls > 2 }),
      (e: unknown) => e instanceof SimulationCancelled,
    );
    assert.equal(polls, 3);
  });
});

void describe('sdkconfigFile stays inside the project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psl-sim-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const project = join(dir, 'project');
  mkdirSync(join(project, 'scenarios'), { recursive: true });
  writeFileSync(join(project, 'sdkconfig'), 'CONFIG_SPIRAM=y\n');
  writeFileSync(join(dir, 'sdkconfig'), 'CONFIG_SPIRAM=y\n');
  symlinkSync('/etc/hostname', join(project, 'link'));
  const scenario = join(project, 'scenarios', 's.json');
  const text = (file: string) => JSON.stringify({ chip: 'esp32', sdkconfigFile: file, steps: [] });
  const load = (file: string, root?: string) => loadScenarioText(text(file), scenario, { root });

  void test('a relative path inside the root is read', () => {
    assert.equal(load('../sdkconfig', project).sdkconfig.get('CONFIG_SPIRAM'), true);
  });

  void test('absolute paths, ../ escapes and symlinks out are refused without reading', () => {
    assert.throws(() => load('/etc/shadow', project), /sdkconfigFile: must be a relative path/);
    assert.throws(() => load('/etc/shadow'), /sdkconfigFile: must be a relative path/);
    assert.throws(
      () => load('../../sdkconfig', project),
      /sdkconfigFile: \.\.\/\.\.\/sdkconfig is outside/,
    );
    assert.throws(() => load('../../../../../../etc/passwd', project), /is outside/);
    assert.throws(() => load('../link', project), /\.\.\/link is outside/);
    // Without a root, only the scenario's own folder.
    assert.throws(() => load('../sdkconfig'), /is outside/);
  });

  void test('text without a saved file (the Simulator tab) cannot name an sdkconfig', () => {
    assert.throws(
      () => loadScenarioText(text('sdkconfig'), 'scenario'),
      /scenario: sdkconfigFile: needs a saved scenario file/,
    );
  });
});
