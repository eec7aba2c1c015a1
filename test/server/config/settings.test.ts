import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SETTINGS,
  nestSettings,
  parseSettings,
  settingLeaves,
} from '../../../server/config/settings';

interface PackageJson {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
}

const pkg = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as PackageJson;
const declared = pkg.contributes.configuration.properties;
/** Keys that change what a value may be or where it applies; package.json may add only presentation keys. */
const SEMANTIC_KEYS = [
  'type',
  'items',
  'enum',
  'pattern',
  'default',
  'scope',
  'minimum',
  'maximum',
];

void describe('settings schema and package.json agree', () => {
  const leaves = settingLeaves();

  void test('the same settings are declared in both', () => {
    assert.deepEqual(Object.keys(declared).sort(), leaves.map((l) => `psramLens.${l.key}`).sort());
  });

  for (const leaf of leaves) {
    void test(`psramLens.${leaf.key}`, () => {
      const prop = declared[`psramLens.${leaf.key}`];
      assert.ok(prop, 'declared in package.json');
      for (const [k, v] of Object.entries(leaf.json)) {
        assert.deepEqual(prop[k], v, `"${k}" differs`);
      }
      for (const k of SEMANTIC_KEYS) {
        if (k in prop) assert.ok(k in leaf.json, `package.json has "${k}" that the schema lacks`);
      }
      assert.ok(typeof prop.scope === 'string', 'has an explicit scope');
    });
  }

  void test('every default in package.json is accepted by the schema', () => {
    const fromPackage = nestSettings(
      Object.entries(declared).map(([k, p]) => [k.replace(/^psramLens\./, ''), p.default]),
    );
    assert.deepEqual(parseSettings(fromPackage), { settings: DEFAULT_SETTINGS, problems: [] });
  });
});

void describe('parseSettings', () => {
  void test('an empty section gives the defaults', () => {
    assert.deepEqual(parseSettings(undefined).settings, DEFAULT_SETTINGS);
    assert.deepEqual(DEFAULT_SETTINGS.exclude, ['build/**', 'managed_components/**']);
    assert.equal(DEFAULT_SETTINGS.noPsramSeverity, 'off');
    assert.equal(DEFAULT_SETTINGS.factory.namespace, 'psram');
  });

  void test('valid values are kept', () => {
    const { settings, problems } = parseSettings({
      exclude: ['gen/**'],
      noPsramSeverity: 'hint',
      fix: { style: 'unqualified' },
      monitor: { port: '/dev/ttyACM0' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.exclude, ['gen/**']);
    assert.equal(settings.noPsramSeverity, 'hint');
    assert.equal(settings.fix.style, 'unqualified');
    assert.equal(settings.monitor.port, '/dev/ttyACM0');
    assert.equal(settings.monitor.command, 'idf.py');
  });

  void test('each bad value falls back to its default, the rest are kept, and each is reported', () => {
    const { settings, problems } = parseSettings({
      exclude: ['ok/**', 3],
      noPsramSeverity: 'hint',
      fix: { style: 'sideways' },
      factory: 7,
    });
    assert.deepEqual(settings.exclude, DEFAULT_SETTINGS.exclude);
    assert.equal(settings.noPsramSeverity, 'hint');
    assert.equal(settings.fix.style, DEFAULT_SETTINGS.fix.style);
    assert.equal(settings.factory.namespace, DEFAULT_SETTINGS.factory.namespace);
    assert.equal(problems.length, 3);
    assert.ok(problems.some((p) => p.startsWith('psramLens.fix.style:')));
    assert.ok(problems.some((p) => p.startsWith('psramLens.exclude')));
    assert.ok(problems.some((p) => p.startsWith('psramLens.factory')));
  });

  void test('a namespace that is not a C++ name is rejected', () => {
    const { settings, problems } = parseSettings({ factory: { namespace: 'psram; rm -rf' } });
    assert.equal(settings.factory.namespace, 'psram');
    assert.equal(problems.length, 1);
    assert.equal(
      parseSettings({ factory: { namespace: 'app::mem' } }).settings.factory.namespace,
      'app::mem',
    );
  });

  void test('nestSettings builds the section shape from dotted keys', () => {
    assert.deepEqual(
      nestSettings([
        ['fix.style', 'unqualified'],
        ['exclude', ['x']],
        ['monitor.port', undefined],
        ['monitor.command', 'idf'],
      ]),
      { fix: { style: 'unqualified' }, exclude: ['x'], monitor: { command: 'idf' } },
    );
  });
});
