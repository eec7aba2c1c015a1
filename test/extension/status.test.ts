import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, summary } from '../../extension/status';
import type { ProjectStatus } from '../../server/protocol/lsp';

const project = (over: Partial<ProjectStatus>): ProjectStatus => ({
  root: '/ws/app',
  sdkconfigPath: '/ws/app/sdkconfig',
  target: 'esp32s3',
  psram: true,
  spiramUseMalloc: true,
  alwaysInternalThreshold: 16384,
  errors: [],
  ...over,
});

void describe('status bar', () => {
  void test('server not running: says so and draws attention', () => {
    const v = describeStatus(false, undefined);
    assert.match(v.text, /circle-slash/);
    assert.equal(v.warning, true);
  });

  void test('one project: the target and where malloc puts small objects', () => {
    const v = describeStatus(true, { state: 'ready', projects: [project({})], indexedFiles: 12 });
    assert.equal(v.text, '$(chip) esp32s3 · PSRAM malloc > 16 KiB');
    assert.match(v.tooltip, /\/ws\/app: .*from \/ws\/app\/sdkconfig/);
    assert.match(v.tooltip, /12 project files indexed\./);
    assert.equal(v.warning, false);
  });

  void test('summaries for each configuration', () => {
    assert.equal(summary(project({ psram: false })), 'esp32s3 · no PSRAM');
    assert.equal(summary(project({ psram: null, target: null })), 'unknown target · no sdkconfig');
    assert.equal(
      summary(project({ spiramUseMalloc: false, alwaysInternalThreshold: null })),
      'esp32s3 · PSRAM (not for malloc)',
    );
    assert.equal(
      summary(project({ alwaysInternalThreshold: 1000 })),
      'esp32s3 · PSRAM malloc > 1000 B',
    );
  });

  void test('indexing, no project, several projects, broken sdkconfig', () => {
    assert.match(
      describeStatus(true, { state: 'indexing', projects: [project({})], indexedFiles: 0 }).text,
      /sync~spin/,
    );
    assert.match(
      describeStatus(true, { state: 'ready', projects: [], indexedFiles: 0 }).text,
      /no ESP-IDF project/,
    );
    assert.match(
      describeStatus(true, {
        state: 'ready',
        projects: [project({}), project({ root: '/ws/b' })],
        indexedFiles: 0,
      }).text,
      /2 ESP-IDF projects/,
    );
    const broken = describeStatus(true, {
      state: 'ready',
      projects: [project({ errors: ['/ws/app/sdkconfig:3: cannot parse "x"'] })],
      indexedFiles: 0,
    });
    assert.equal(broken.warning, true);
    assert.match(broken.tooltip, /cannot parse/);
  });
});
