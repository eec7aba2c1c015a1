import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateFile } from '../../../server/cli/simulate';
import { CliError } from '../../../server/cli/errors';

const root = join(__dirname, '..', '..', '..');
const scenarios = join(root, 'examples', 'scenarios');

/** The real command line, in its own process (a TypeScript start-up each: used sparingly). */
function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'server', 'cli', 'main.ts'), 'simulate', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
}

interface Doc {
  heaps: Record<string, unknown>[];
  allocations: Record<string, unknown>[];
  totals: Record<string, { free: number }>;
  groups: { label: string; internalBytes: number; psramBytes: number; failed: number }[];
  events?: { kind: string }[];
}

const json = (file: string, events = false) =>
  JSON.parse(simulateFile(join(scenarios, file), { json: true, events })) as Doc;

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
    test(`examples/scenarios/${f} gives heaps, allocations and totals`, () => {
      const doc = json(f);
      assert.ok(doc.heaps.length > 0 && doc.allocations.length > 0);
      for (const key of ['name', 'caps', 'size', 'free', 'largestFreeBlock', 'minFree']) {
        assert.ok(key in doc.heaps[0], key);
      }
      for (const key of ['requestedSize', 'blockSize', 'heap', 'address', 'memory', 'ok']) {
        assert.ok(key in doc.allocations[0], key);
      }
      assert.equal(typeof doc.totals.internal.free, 'number');
      assert.equal(typeof doc.totals.psram.free, 'number');
    });
  }

  test('the command itself: one JSON document on stdout, nothing on stderr, exit 0', () => {
    const r = cli(join('examples', 'scenarios', 'seed-esp32s3.json'), '--json');
    assert.equal(r.status, 0, `${String(r.error)} ${r.stderr}`);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), json('seed-esp32s3.json'));
  });

  test('seed experiment: std::make_shared puts 1,000 × 112 B in internal RAM, the factory the same bytes in PSRAM', () => {
    for (const f of ['seed-esp32.json', 'seed-esp32s3.json']) {
      const doc = json(f);
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
    const doc = json('seed-esp32.json', true);
    assert.ok(
      doc.events?.some((e) => e.kind === 'heapRegion') &&
        doc.events.some((e) => e.kind === 'allocation'),
    );
  });

  test('scenario problems are one-line CliErrors naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const cases: [string, string, RegExp][] = [
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
      [
        'sdk.json',
        '{ "chip": "esp32", "sdkconfigFile": "nowhere/sdkconfig", "steps": [] }',
        /sdk\.json: sdkconfigFile: cannot read nowhere\/sdkconfig/,
      ],
      ['missing.json', '', /missing\.json: no such file/],
    ];
    for (const [name, text, re] of cases) {
      const file = join(dir, name);
      if (text) writeFileSync(file, text);
      assert.throws(
        () => simulateFile(file, { json: true }),
        (e: Error) => e instanceof CliError && re.test(e.message) && !e.message.includes('\n'),
      );
    }
  });

  test('the command itself on bad input: one line on stderr, exit 2, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "chip": "esp32", ');
    const r = cli(broken, '--json');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /broken\.json: invalid JSON/);
  });
});
