import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const scenarios = join(root, 'examples', 'scenarios');

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'server', 'cli', 'main.ts'), 'simulate', ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

describe('psram-lens simulate (contract: simulate)', () => {
  const files = readdirSync(scenarios).filter((f) => f.endsWith('.json'));

  test('the repository ships scenarios, including the seed experiment for ESP32 and ESP32-S3', () => {
    assert.ok(
      files.includes('seed-esp32.json') &&
        files.includes('seed-esp32s3.json') &&
        files.includes('webrtc-streamer.json'),
    );
  });

  for (const f of files) {
    test(`examples/scenarios/${f} runs with --json`, () => {
      const r = cli(join('examples', 'scenarios', f), '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      const heaps = doc.heaps as Record<string, unknown>[];
      const allocations = doc.allocations as Record<string, unknown>[];
      assert.ok(heaps.length > 0 && allocations.length > 0);
      for (const key of ['name', 'caps', 'size', 'free', 'largestFreeBlock', 'minFree']) {
        assert.ok(key in heaps[0], key);
      }
      for (const key of ['requestedSize', 'blockSize', 'heap', 'address', 'memory', 'ok']) {
        assert.ok(key in allocations[0], key);
      }
      const totals = doc.totals as Record<string, { free: number }>;
      assert.equal(typeof totals.internal.free, 'number');
      assert.equal(typeof totals.psram.free, 'number');
    });
  }

  test('seed experiment: std::make_shared puts 1,000 × 112 B in internal RAM, the factory the same bytes in PSRAM', () => {
    for (const f of ['seed-esp32.json', 'seed-esp32s3.json']) {
      const doc = JSON.parse(cli(join('examples', 'scenarios', f), '--json').stdout) as {
        groups: { label: string; internalBytes: number; psramBytes: number; failed: number }[];
      };
      const std = doc.groups.find((g) => g.label === 'std::make_shared');
      const factory = doc.groups.find((g) => g.label === 'PSRAM factory');
      assert.deepEqual(
        [std?.internalBytes, std?.psramBytes, std?.failed],
        [1000 * (108 + 4), 0, 0],
      );
      assert.deepEqual(
        [factory?.internalBytes, factory?.psramBytes, factory?.failed],
        [0, 1000 * (108 + 4), 0],
      );
    }
  });

  test('--events adds the heap event stream', () => {
    const doc = JSON.parse(
      cli(join('examples', 'scenarios', 'seed-esp32.json'), '--json', '--events').stdout,
    ) as { events: { kind: string }[] };
    assert.ok(
      doc.events.some((e) => e.kind === 'heapRegion') &&
        doc.events.some((e) => e.kind === 'allocation'),
    );
  });

  test('errors: one line on stderr naming the file and the cause, exit 2, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{ "chip": "esp32", ', /broken\.json: invalid JSON/],
      [
        'schema.json',
        '{ "chip": "esp32", "steps": [{ "op": "allocate", "label": "x", "method": "malloc" }] }',
        /schema\.json: steps\[0\]: needs "type" or "size"/,
      ],
      [
        'nopsram.json',
        '{ "chip": "esp32c6", "psramSize": "8MB", "steps": [] }',
        /nopsram\.json: psramSize: esp32c6 has no PSRAM/,
      ],
    ];
    for (const [name, text, re] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = cli(file, '--json');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, re);
    }
    const missing = cli(join(dir, 'missing.json'), '--json');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.json: no such file/);
  });
});
