import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWhatIf, whatIfScenarios, type WhatIf } from '../../media/panel/whatIf';
import { loadScenarioText } from '../../server/sim/load';
import { runScenario } from '../../server/sim/runner';

const form: WhatIf = {
  chip: 'esp32s3',
  typeName: 'app::Frame',
  size: 1204,
  align: 4,
  count: 64,
  threshold: 16384,
  psramSize: '8MB',
};

function run(text: string) {
  const { scenario, sdkconfig } = loadScenarioText(text, 'what-if');
  return runScenario(scenario, sdkconfig).result;
}

describe('the Simulator what-if form', () => {
  test('A is std::make_shared in internal RAM, B the PSRAM factory in PSRAM, both valid scenarios', () => {
    const { a, b } = whatIfScenarios(form);
    const ra = run(a);
    const rb = run(b);
    const sum = (r: typeof ra, k: 'internalBytes' | 'psramBytes') =>
      r.groups.reduce((n, g) => n + g[k], 0);
    assert.equal(ra.chip, 'esp32s3');
    // Object + 12 B control block each, plus the allocator's block header.
    assert.ok(sum(ra, 'internalBytes') >= 64 * (1204 + 12), String(sum(ra, 'internalBytes')));
    assert.equal(sum(ra, 'psramBytes'), 0);
    assert.equal(sum(rb, 'internalBytes'), 0);
    assert.equal(sum(rb, 'psramBytes'), sum(ra, 'internalBytes'), 'the same blocks, moved');
  });

  test('the threshold reaches the simulator: above it, std::make_shared lands in PSRAM too', () => {
    const { a } = whatIfScenarios({ ...form, threshold: 1024 });
    const r = run(a);
    assert.equal(
      r.groups.reduce((n, g) => n + g.internalBytes, 0),
      0,
    );
  });

  test('out-of-range fields are named before anything runs', () => {
    assert.equal(checkWhatIf(form), null);
    assert.match(checkWhatIf({ ...form, count: 0 }) ?? '', /^Objects:/);
    assert.match(checkWhatIf({ ...form, count: 1e9 }) ?? '', /^Objects:/);
    assert.match(checkWhatIf({ ...form, size: 1.5 }) ?? '', /^Size:/);
    assert.match(checkWhatIf({ ...form, threshold: -1 }) ?? '', /^Threshold:/);
  });
});
