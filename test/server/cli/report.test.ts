/** `psram-lens report`: the README's main job, through the bundled CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');

/** `psram-lens report examples/webrtc-streamer ARGS…` from the repository root. */
const report = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'report', 'examples/webrtc-streamer', ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );

test('report combines findings, a parsed device log and a simulated comparison', () => {
  const r = report(
    '--log',
    'test/fixtures/logs/esp32s3-v5.3-allocator-lines.log',
    '--scenario',
    'examples/scenarios/seed-esp32s3.json',
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stdout,
    /^PSRAM Lens report: examples\/webrtc-streamer \(esp32s3, PSRAM for malloc, requests ≤ 16384 B stay internal\)/,
  );
  assert.match(r.stdout, /== Find: 9 allocation sites in 4 of 7 files/);
  for (const code of ['PSR001', 'PSR002', 'PSR003', 'PSR004', 'PSR005']) {
    assert.match(r.stdout, new RegExp(`  ${code} +\\d+  `));
  }
  assert.match(
    r.stdout,
    /== Verify: test\/fixtures\/logs\/esp32s3-v5\.3-allocator-lines\.log \(\d+ lines, chip esp32s3/,
  );
  // The seed experiment: the same 1,000 objects, internal RAM with std::make_shared, PSRAM with the factory.
  const std = /std::make_shared +make_shared +1000 +(\d+) +(\d+) +(\d+)/.exec(r.stdout);
  const psram = /PSRAM factory +psram_factory +1000 +(\d+) +(\d+) +(\d+)/.exec(r.stdout);
  assert.ok(std && psram, r.stdout);
  assert.equal(Number(std[3]), 0, 'std::make_shared puts nothing in PSRAM');
  assert.equal(Number(psram[2]), 0, 'the factory puts nothing in internal RAM');
  assert.equal(Number(std[2]), Number(psram[3]), 'same bytes, other memory');
});

test("report's heap table: the panel's words, units that follow the size, aligned columns", () => {
  const r = report('--log', 'examples/webrtc-streamer/logs/monitor.log');
  assert.doesNotMatch(r.stdout, /internalDma|internalOther|\d{4,}\.\d KiB/);
  const lines = r.stdout.split('\n');
  const head = lines.findIndex((l) => /^ {2}memory +total/.test(l));
  const table = lines.slice(
    head,
    lines.findIndex((l, i) => i > head && /reserve pool/.test(l)),
  );
  assert.ok(table.length >= 3, r.stdout);
  assert.match(table.join('\n'), /internal, DMA-capable .* 8\.00 MiB|PSRAM +8\.00 MiB/);
  assert.equal(new Set(table.map((l) => l.length)).size, 1, `misaligned:\n${table.join('\n')}`);
});

test('report on an unreadable log: one line, exit 2', () => {
  const r = report('--log', 'nope.log');
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'psram-lens: nope.log: cannot read log\n');
});
