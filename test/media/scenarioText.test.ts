import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDefaults } from '../../media/panel/scenarioText';
import { chartColumns } from '../../media/panel/chartData';
import { EMPTY_SNAPSHOT } from '../../media/panel/panelModel';

describe('scenario defaults', () => {
  const defaults = {
    chip: 'esp32s3',
    sdkconfig: { CONFIG_SPIRAM_USE_MALLOC: true, CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: 4096 },
  };
  const text = JSON.stringify({
    chip: 'esp32',
    sdkconfig: { CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: 16384 },
    steps: [],
  });
  test('fillMissing keeps the scenario’s own values', () => {
    const r = mergeDefaults(text, defaults, 'fillMissing');
    assert.ok('text' in r);
    assert.deepEqual(JSON.parse(r.text), {
      chip: 'esp32',
      sdkconfig: { CONFIG_SPIRAM_USE_MALLOC: true, CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: 16384 },
      steps: [],
    });
  });
  test('override takes the project’s values', () => {
    const r = mergeDefaults(text, defaults, 'override');
    assert.ok('text' in r);
    assert.deepEqual(JSON.parse(r.text).sdkconfig.CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL, 4096);
    assert.equal(JSON.parse(r.text).chip, 'esp32s3');
  });
  test('bad text gives an error, not a throw', () => {
    assert.match(
      (mergeDefaults('{', defaults, 'override') as { error: string }).error,
      /not valid JSON/,
    );
    assert.match(
      (mergeDefaults('[1]', defaults, 'override') as { error: string }).error,
      /JSON object/,
    );
  });
});

describe('chart columns', () => {
  test('failures sit at the internal level of their time, x ascends', () => {
    const c = chartColumns({
      ...EMPTY_SNAPSHOT,
      timeline: [
        { time: 1000, internalFree: 300, psramFree: 8000 },
        { time: 3000, internalFree: 100, psramFree: 7000 },
      ],
      failures: [
        { time: 2000, line: 9, size: 32, caps: null, source: 'memAllocFail' },
        { time: null, line: 12, size: 64, caps: null, source: 'memAllocFail' },
      ],
    });
    assert.deepEqual(c.x, [1, 2, 3, 3]);
    assert.deepEqual(c.internal, [300, null, 100, null]);
    assert.deepEqual(c.failures, [null, 300, null, 100]);
    assert.equal(c.failureCount, 2);
  });
});
