import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDefaults } from '../../media/panel/scenarioText';

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
