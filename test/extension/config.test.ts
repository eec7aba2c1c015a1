import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Config } from '../../extension/config';
import { DEFAULT_SETTINGS } from '../../server/config/settings';

/** Stands in for `vscode.workspace.getConfiguration('psramLens', scope)`: dotted keys, per scope. */
function sourceOf(values: Record<string, Record<string, unknown>>) {
  return (scope?: string) => ({ get: (key: string) => values[scope ?? '']?.[key] });
}

void describe('extension Config', () => {
  void test('unset settings read as the schema defaults', () => {
    const config = new Config(sourceOf({}), () => undefined);
    assert.deepEqual(config.settings(), DEFAULT_SETTINGS);
    assert.equal(config.monitorCommand, 'idf.py');
    assert.equal(config.traceServer, 'off');
  });

  void test('resource settings are read for the given scope', () => {
    const config = new Config(
      sourceOf({
        '': { 'fix.style': 'qualified', 'monitor.port': '/dev/ttyUSB1' },
        'file:///a': {
          'fix.style': 'unqualified',
          'factory.namespace': 'rtc',
          'header.path': 'inc/p.hpp',
        },
      }),
      () => undefined,
    );
    assert.equal(config.fixStyle('file:///a'), 'unqualified');
    assert.equal(config.fixStyle(), 'qualified');
    assert.equal(config.factoryNamespace('file:///a'), 'rtc');
    assert.equal(config.headerPath('file:///a'), 'inc/p.hpp');
    assert.equal(config.monitorPort, '/dev/ttyUSB1');
  });

  void test('a bad value gives its default and is reported once', () => {
    const problems: string[] = [];
    const config = new Config(
      sourceOf({ '': { 'trace.server': 'loud', 'monitor.command': 'idf.py' } }),
      (p) => problems.push(p),
    );
    assert.equal(config.traceServer, 'off');
    assert.equal(config.traceServer, 'off');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /psramLens\.trace\.server/);
  });

  void test('affects() asks about the psramLens section', () => {
    const asked: string[] = [];
    const yes = Config.affects({ affectsConfiguration: (s) => (asked.push(s), s === 'psramLens') });
    assert.equal(yes, true);
    assert.deepEqual(asked, ['psramLens']);
  });
});
