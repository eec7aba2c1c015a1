import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Config } from '../../extension/config';
import { DEFAULT_SETTINGS } from '../../server/config/settings';

/** Stands in for `vscode.workspace.getConfiguration('psramLens', scope)`: dotted keys. */
function sourceOf(values: Record<string, unknown>) {
  return () => ({ get: (key: string) => values[key] });
}

void describe('extension Config', () => {
  void test('unset monitor settings read as the schema defaults', () => {
    const config = new Config(sourceOf({}), () => undefined);
    assert.equal(config.monitorCommand, DEFAULT_SETTINGS.monitor.command);
    assert.equal(config.monitorPort, DEFAULT_SETTINGS.monitor.port);
  });

  void test('set values are read', () => {
    const config = new Config(
      sourceOf({ 'monitor.command': 'pio', 'monitor.port': '/dev/ttyUSB1' }),
      () => undefined,
    );
    assert.equal(config.monitorCommand, 'pio');
    assert.equal(config.monitorPort, '/dev/ttyUSB1');
  });

  void test('a bad value gives its default and is reported once', () => {
    const problems: string[] = [];
    const config = new Config(sourceOf({ 'monitor.port': 7 }), (p) => problems.push(p));
    assert.equal(config.monitorPort, '');
    assert.equal(config.monitorPort, '');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /psramLens\.monitor\.port/);
  });
});
