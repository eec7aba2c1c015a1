/**
 * Proves the generated PSRAM header with the machine's g++: test/cpp/header_test.cpp is compiled
 * in the host configuration (factories = std) and the ESP-like one (fake ESP-IDF headers from
 * test/cpp/fake, factories = PSRAM), with -Wall -Wextra -Werror, and the ESP-like one again with
 * -fsanitize=address,undefined and verbose logging (the configuration where the allocator's own
 * code runs; in the host one it is std's), then run. Further programs prove the counters under
 * threads (-fsanitize=thread and a stress run), 64-bit counters on a 32-bit build (-m32),
 * per-unit settings linked into one program, and the logged abort under -fno-exceptions.
 * A missing g++ (or 32-bit multilib) fails the test.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderHeader } from '../../server/fix/header';

const run = promisify(execFile);
const here = __dirname;
const WARNINGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror'];
const STATS =
  /^I \(\d+\) psram_lens: stats: allocs=(\d+) bytes=(\d+) psram_allocs=(\d+) psram_bytes=(\d+) fallbacks=(\d+) fallback_bytes=(\d+) frees=(\d+) live_bytes=(\d+)$/m;
const ALLOC =
  /^I \(\d+\) psram_lens: alloc ptr=0x[0-9a-f]+ size=\d+ heap=(psram|internal)(?: caller=(0x[0-9a-f]+) type_size=(\d+))?$/gm;
const FREE = /^I \(\d+\) psram_lens: free ptr=0x[0-9a-f]+ size=\d+$/gm;

let dir: string;

async function compile(name: string, sources: string[], flags: string[]): Promise<string> {
  const exe = join(dir, name);
  try {
    await run('g++', [
      ...WARNINGS,
      ...flags,
      `-I${dir}`,
      ...sources.map((f) => join(here, f)),
      '-o',
      exe,
    ]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') assert.fail('g++ is not installed (.ci/run installs it)');
    assert.fail(`g++ failed for ${name}:\n${err.stderr ?? String(e)}`);
  }
  return exe;
}

async function compileAndRun(name: string, flags: string[], args: string[] = []): Promise<string> {
  const exe = await compile(name, ['header_test.cpp'], flags);
  const { stdout } = await run(exe, args, {
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' },
  });
  return stdout;
}

/** The 1-based line of header_test.cpp holding `marker`. */
function lineOf(marker: string): number {
  const lines = readFileSync(join(here, 'header_test.cpp'), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes(marker)) + 1;
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
      compileAndRun('esp-verbose-san', [...ESP, ...SAN, '-no-pie', '-DPSRAM_LENS_VERBOSE=1']),
    ]);
    for (const out of [plain, verbose]) {
      assert.match(out, /^PASS \d+ checks$/m);
      const [allocs, bytes, psramAllocs, psramBytes, fallbacks, fallbackBytes, frees, live] =
        statsOf(out);
      assert.ok(allocs > 0);
      assert.equal(allocs, psramAllocs + fallbacks);
      assert.equal(bytes, psramBytes + fallbackBytes);
      assert.equal(fallbacks, 3); // test_fallback_when_psram_full: make_shared, allocator, over-aligned
      assert.equal(frees, allocs);
      assert.equal(live, 0);
    }
    assert.doesNotMatch(plain, ALLOC);
    const allocLines = [...verbose.matchAll(ALLOC)];
    const freeLines = [...verbose.matchAll(FREE)];
    const [allocs, , , , fallbacks] = statsOf(verbose);
    // One allocation runs while the program has set the tag to Warn: its two lines are hidden.
    assert.equal(allocLines.length, allocs - 1);
    assert.equal(freeLines.length, allocs - 1);
    assert.equal(allocLines.filter((m) => m[1] === 'internal').length, fallbacks);
    // Every make_shared line names its caller and sizeof(T); the probe's decodes to its line.
    const probe = allocLines.find((m) => m[3] === '77');
    assert.ok(probe?.[2], 'no alloc line for the probe type');
    const returnAddress = BigInt(probe[2]);
    const { stdout: decoded } = await run('addr2line', [
      '-i',
      '-e',
      join(dir, 'esp-verbose-san'),
      `0x${(returnAddress - 1n).toString(16)}`,
    ]);
    assert.equal(
      decoded.split('\n')[0],
      `${join(here, 'header_test.cpp')}:${lineOf('PROBE_SITE')}`,
    );
  });

  void test('configurations: IDF before v4.3 (aligned free), no fallback, any-internal fallback, PSRAM without ESP_PLATFORM', async () => {
    const outs = await Promise.all([
      compileAndRun('esp-idf42', [...ESP, '-DFAKE_IDF_VERSION=0x040200']),
      compileAndRun('esp-fallback0', [...ESP, '-DPSRAM_LENS_FALLBACK=0']),
      compileAndRun('esp-fallback2', [...ESP, '-DPSRAM_LENS_FALLBACK=2']),
      // Item: `-DPSRAM_LENS_USE_PSRAM=1 -DPSRAM_LENS_VERBOSE=1` without ESP_PLATFORM must build.
      compileAndRun('psram-verbose-no-esp', [
        `-I${join(here, 'fake')}`,
        '-DPSRAM_LENS_USE_PSRAM=1',
        '-DPSRAM_LENS_VERBOSE=1',
      ]),
    ]);
    for (const out of outs) assert.match(out, /^PASS \d+ checks$/m);
    const hostVerbose = outs[3];
    const [allocs] = statsOf(hostVerbose);
    assert.equal([...hostVerbose.matchAll(ALLOC)].length, allocs);
    assert.equal([...hostVerbose.matchAll(FREE)].length, allocs);
  });

  void test('stats().live_bytes under threads: no race (TSan), never out of range in a stress run', async () => {
    const [tsan, stress] = await Promise.all([
      compile('threads-tsan', ['threads_test.cpp'], [...ESP, '-O1', '-g', '-fsanitize=thread']),
      compile('threads-stress', ['threads_test.cpp'], [...ESP, '-O2', '-pthread']),
    ]);
    const racy = await run(tsan, ['20000'], {
      env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1' },
    });
    assert.match(racy.stdout, /^PASS$/m);
    assert.doesNotMatch(racy.stderr, /ThreadSanitizer/);
    const { stdout } = await run(stress, ['1000000']);
    assert.match(stdout, /^PASS$/m);
    const samples = Number(/samples=(\d+) out_of_range=0 /.exec(stdout)?.[1]);
    assert.ok(samples > 1000, `the reader sampled too little:\n${stdout}`);
  });

  void test('64-bit counters on a 32-bit build: more than 4 GiB counted exactly', async () => {
    const exe = await compile('wide-m32', ['wide_test.cpp'], [...ESP, '-m32', '-O2']);
    const { stdout } = await run(exe, []);
    assert.match(stdout, /^PASS$/m);
    assert.deepEqual(statsOf(stdout).slice(0, 2), [4100, 4100 * 2 ** 20]);
  });

  void test('per-unit settings: verbose, quiet and std units linked together each keep their behaviour', async () => {
    const objects = await Promise.all(
      [
        ['odr_a.cpp', '-DPSRAM_LENS_VERBOSE=1'],
        ['odr_b.cpp', '-DPSRAM_LENS_VERBOSE=0'],
        ['odr_c.cpp', '-DPSRAM_LENS_USE_PSRAM=0'],
      ].map(async ([src, flag]) => {
        const obj = join(dir, `${src}.o`);
        await run('g++', [
          ...WARNINGS,
          ...ESP,
          '-O0',
          flag,
          `-I${dir}`,
          '-c',
          join(here, src),
          '-o',
          obj,
        ]);
        return obj;
      }),
    );
    const exe = join(dir, 'odr');
    await run('g++', [...objects, '-o', exe]);
    const { stdout } = await run(exe, []);
    assert.match(stdout, /^PASS$/m);
    assert.equal([...stdout.matchAll(ALLOC)].length, 1);
  });

  void test('-fno-exceptions: PSRAM and internal RAM both full logs size and caps, then aborts', async () => {
    const exe = await compile('oom-abort', ['oom_abort.cpp'], [...ESP, '-fno-exceptions']);
    const result = await run(exe, []).then(
      () => assert.fail('the program did not abort'),
      (e: { signal?: string; stdout?: string }) => e,
    );
    assert.equal(result.signal, 'SIGABRT');
    assert.match(
      result.stdout ?? '',
      /^E \(\d+\) psram_lens: alloc failed size=\d+ align=\d+ caps=0x00000404 fallback_caps=0x00001800$/m,
    );
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
