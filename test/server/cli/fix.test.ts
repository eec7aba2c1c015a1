/**
 * `psram-lens fix` end to end (the CLI's own runFix, in this process): the multi-file fixture project
 * (test/fixtures/migrate) and the bundled example are migrated in temp copies, then every
 * translation unit is compiled with `g++ -std=c++17 -fsyntax-only` in the host configuration
 * (and, for the unqualified style, the TU with the ADL-prone calls in the ESP-like one against the
 * fake ESP-IDF headers, where the factory is the PSRAM one), and a second run must change nothing.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { checkWorkspace } from '../../../server/analysis/workspaceCheck';
import { compileIdfProject } from '../fix/idfResolver';
import { runFixIn, scratchDir } from '../fix/runFixIn';

const repo = join(__dirname, '..', '..', '..');
const FAKE_ESP = join(repo, 'test', 'cpp', 'fake');

function copyOf(src: string): string {
  const dir = scratchDir('psram-fix-');
  cpSync(src, dir, { recursive: true });
  return dir;
}

const fix = runFixIn;

async function findingsIn(dir: string): Promise<number> {
  const r = await checkWorkspace({ paths: [dir], settings: DEFAULT_GRADE_SETTINGS });
  return r.results.reduce((n, f) => n + f.findings.length, 0);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function snapshot(dir: string): Map<string, string> {
  return new Map(walk(dir).map((f) => [relative(dir, f), readFileSync(f, 'latin1')]));
}

/** Compiles every source with only the include dirs ESP-IDF gives it (idfResolver.ts). */
async function compileAll(dir: string, extra: string[] = [], only?: string): Promise<void> {
  assert.ok((await compileIdfProject(dir, extra, only)) > 0);
}

const LAST_LINE = /(\d+) sites rewritten in (\d+) files$/;

void describe('psram-lens fix on the fixture project', () => {
  const fixture = join(repo, 'test', 'fixtures', 'migrate');

  test('--check and --dry-run change nothing; --check exits 1', async () => {
    const dir = copyOf(fixture);
    const before = snapshot(dir);
    const check = await fix(dir, { check: true });
    assert.equal(check.code, 1);
    assert.match(
      check.stdout,
      /would add components\/psram_shared\/CMakeLists\.txt\nwould add components\/psram_shared\/include\/psram_shared\.hpp/,
    );
    const dry = await fix(dir, { dryRun: true });
    assert.equal(dry.code, 0);
    assert.match(
      dry.stdout,
      /^-\s+auto socket = std::make_shared<Socket>\(host, \/\* port \*\/ port\);$/m,
    );
    assert.match(
      dry.stdout,
      /^\+\s+auto socket = psram::make_shared<Socket>\(host, \/\* port \*\/ port\);$/m,
    );
    // Nothing was written: the summary must not say "rewritten" as if it had been.
    const [, sites, files] =
      /(\d+) sites would be rewritten \(dry run: nothing was written\) in (\d+) files\n?$/.exec(
        dry.stdout,
      ) ?? [];
    assert.ok(Number(sites) > 0 && Number(files) > 0, dry.stdout);
    assert.doesNotMatch(check.stdout, /sites rewritten/);
    assert.deepEqual(snapshot(dir), before);
  });

  for (const style of ['qualified', 'unqualified'] as const) {
    test(`--style ${style}: migrates, compiles with g++ -std=c++17, second run changes nothing`, async () => {
      const dir = copyOf(fixture);
      const first = await fix(dir, { style });
      assert.equal(first.code, 0, first.stdout);
      const [, sites] = LAST_LINE.exec(first.stdout) ?? [];
      assert.ok(Number(sites) >= 15, first.stdout);
      await compileAll(dir);
      // socket.cpp holds every ADL-prone unqualified call: there the factory must be the PSRAM one.
      if (style === 'unqualified') {
        await compileAll(dir, ['-DESP_PLATFORM', `-I${FAKE_ESP}`], 'socket.cpp');
      }
      const migrated = snapshot(dir);
      const second = await fix(dir, { style });
      assert.match(second.stdout, /^0 sites rewritten in 0 files$/m);
      assert.deepEqual(snapshot(dir), migrated);
      assert.equal(await findingsIn(dir), 0);
    });
  }
});

void describe('psram-lens fix on the bundled example', () => {
  test('one run migrates everything; it builds on the host; fix --check then exits 0', async () => {
    const dir = copyOf(join(repo, 'examples', 'webrtc-streamer'));
    const run = await fix(dir, { style: 'unqualified' });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /added components\/psram_shared\/include\/psram_shared\.hpp/);
    await compileAll(dir);
    assert.equal((await fix(dir, { check: true, style: 'unqualified' })).code, 0);
  });
});
