/**
 * Proves the generated PSRAM header with the machine's g++: test/cpp/header_test.cpp is compiled
 * in the host configuration (factories = std) and the ESP-like one (fake ESP-IDF headers from
 * test/cpp/fake, factories = PSRAM), with -Wall -Wextra -Werror, and the ESP-like one again with
 * -fsanitize=address,undefined and verbose logging (the configuration where the allocator's own
 * code runs; in the host one it is std's), then run. A missing g++ fails the test.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderHeader } from '../../server/fix/header';

const run = promisify(execFile);
const here = __dirname;
const WARNINGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror'];
const STATS =
  /^I \(\d+\) psram_lens: stats: allocs=(\d+) bytes=(\d+) psram_allocs=(\d+) psram_bytes=(\d+) fallbacks=(\d+) fallback_bytes=(\d+) frees=(\d+) live_bytes=(\d+)$/m;
const ALLOC = /^D \(\d+\) psram_lens: alloc ptr=0x[0-9a-f]+ size=\d+ heap=(psram|internal)$/gm;
const FREE = /^D \(\d+\) psram_lens: free ptr=0x[0-9a-f]+ size=\d+$/gm;

let dir: string;

async function compileAndRun(name: string, flags: string[]): Promise<string> {
  const exe = join(dir, name);
  try {
    await run('g++', [...WARNINGS, ...flags, `-I${dir}`, join(here, 'header_test.cpp'), '-o', exe]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') assert.fail('g++ is not installed (.ci/run installs it)');
    assert.fail(`g++ failed for ${name}:\n${err.stderr ?? String(e)}`);
  }
  const { stdout } = await run(exe, [], {
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' },
  });
  return stdout;
}

function statsOf(out: string): number[] {
  const m = STATS.exec(out);
  assert.ok(m, `no stats line in:\n${out}`);
  return m.slice(1).map(Number);
}

const ESP = ['-DESP_PLATFORM', `-I${join(here, 'fake')}`];
const SAN = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-g'];

void describe('psram_shared.hpp on the host with g++', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'psram-header-'));
    writeFileSync(join(dir, 'psram_shared.hpp'), renderHeader());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('host build: factories are std, every check passes, stats are zero', async () => {
    const out = await compileAndRun('host', []);
    assert.match(out, /^PASS \d+ checks$/m);
    assert.deepEqual(statsOf(out), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  void test('ESP-like build: one PSRAM block per make_shared, fallbacks counted, nothing leaks', async () => {
    const [plain, verbose] = await Promise.all([
      compileAndRun('esp', ESP),
      compileAndRun('esp-verbose-san', [...ESP, ...SAN, '-DPSRAM_LENS_VERBOSE=1']),
    ]);
    for (const out of [plain, verbose]) {
      assert.match(out, /^PASS \d+ checks$/m);
      const [allocs, bytes, psramAllocs, psramBytes, fallbacks, fallbackBytes, frees, live] =
        statsOf(out);
      assert.ok(allocs > 0);
      assert.equal(allocs, psramAllocs + fallbacks);
      assert.equal(bytes, psramBytes + fallbackBytes);
      assert.equal(fallbacks, 1);
      assert.equal(frees, allocs);
      assert.equal(live, 0);
    }
    assert.doesNotMatch(plain, ALLOC);
    const allocLines = [...verbose.matchAll(ALLOC)];
    const freeLines = [...verbose.matchAll(FREE)];
    const [allocs, , , , fallbacks] = statsOf(verbose);
    assert.equal(allocLines.length, allocs);
    assert.equal(freeLines.length, allocs);
    assert.equal(allocLines.filter((m) => m[1] === 'internal').length, fallbacks);
  });

  void test('a plain function-template factory is ambiguous through ADL (why the header avoids it)', async () => {
    await assert.rejects(
      run('g++', [...WARNINGS, '-fsyntax-only', join(here, 'adl_trap.cpp')]),
      (e: { stderr?: string }) => /ambiguous/.test(e.stderr ?? ''),
    );
  });

  void test('the namespace is configurable', async () => {
    const ns = join(dir, 'ns');
    const src = join(dir, 'ns.cpp');
    writeFileSync(join(dir, 'ns.hpp'), renderHeader('app::mem'));
    writeFileSync(
      src,
      '#include "ns.hpp"\nnamespace app { using mem::make_shared; }\n' +
        'int main() { return *app::make_shared<int>(0); }\n',
    );
    await run('g++', [...WARNINGS, ...ESP, src, '-o', ns]);
    await run(ns, []);
  });
});
