import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  builtInScenarios,
  findingTypes,
  projectDefaults,
  runScenarioText,
} from '../../../server/session/simulation';
import { mergeDefaults } from '../../../media/panel/scenarioText';
import { loadProject } from '../../../server/project/discovery';
import { checkWorkspace } from '../../../server/analysis/workspaceCheck';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';

const root = join(__dirname, '..', '..', '..');

describe('simulator tab, host side', () => {
  test("the what-if form's types are the ones the example's findings allocate, largest first", async () => {
    const project = join(root, 'examples/webrtc-streamer');
    const check = await checkWorkspace({ paths: [project], settings: DEFAULT_GRADE_SETTINGS });
    const types = findingTypes(
      check.results.map((r) => ({ path: r.file, findings: r.findings })),
      project,
    );
    assert.deepEqual(types[0], { name: 'Frame', size: 1204, align: 4, site: 'main/track.cpp:20' });
    assert.ok(types.some((t) => t.name === 'Message' && t.size === 20));
    assert.equal(new Set(types.map((t) => t.name)).size, types.length, 'one entry per type');
    for (let i = 1; i < types.length; i++) assert.ok(types[i - 1].size >= types[i].size);
  });

  test('project defaults come from the example sdkconfig', async () => {
    const project = await loadProject(join(root, 'examples/webrtc-streamer'));
    const d = projectDefaults(project, root);
    assert.equal(d.source, 'examples/webrtc-streamer/sdkconfig');
    assert.equal(d.fields.chip, 'esp32s3');
    const sdk = d.fields.sdkconfig as Record<string, unknown>;
    assert.equal(sdk.CONFIG_SPIRAM_USE_MALLOC, true);
    assert.ok(Object.keys(sdk).every((k) => k.startsWith('CONFIG_SPIRAM')));
    assert.deepEqual(projectDefaults(null, root), { source: null, fields: {} });
  });

  test('the built-in pair runs with the project defaults: std in internal RAM, factory in PSRAM', async () => {
    const project = await loadProject(join(root, 'examples/webrtc-streamer'));
    const d = projectDefaults(project, root);
    const [std, factory] = builtInScenarios(project.config.target).map((s) => {
      const merged = mergeDefaults(s.text, d.fields, 'override');
      assert.ok('text' in merged);
      return runScenarioText(merged.text);
    });
    assert.ok(std.totals.internal > 96 * 1000, 'object + control block per make_shared');
    assert.equal(std.totals.psram, 0);
    assert.equal(factory.totals.internal, 0);
    assert.ok(factory.totals.psram > 96 * 1000);
    assert.equal(std.rows.length, factory.rows.length);
  });

  test('bad scenario text is one clear error', () => {
    assert.throws(() => runScenarioText('{"chip":"esp99","steps":[]}'), /scenario: .*chip/);
  });
});
