/** `psram-lens check` as a user runs it: the bundled CLI (dist/cli.js) in a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const example = join(root, 'examples', 'webrtc-streamer');

function run(args: string[], cwd = example) {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary ESP-IDF project with the given files (path → text). */
function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'psl-cli-'));
  writeFileSync(join(dir, 'CMakeLists.txt'), 'include($ENV{IDF_PATH}/tools/cmake/project.cmake)\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('psram-lens check', () => {
  test('text: compiler-style lines, exit 1 with findings', () => {
    const r = run(['check']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines.slice(0, -1)) {
      assert.match(l, /^[\w/.-]+:\d+:\d+: (error|warning|information|hint): .+ \[PSR00[1-5]\]$/);
    }
    assert.match(lines[lines.length - 1], /^\d+ findings in \d+ files \(\d+ scanned\)$/);
    assert.ok(
      lines.some((l) => l.startsWith('main/track.cpp:20:22: warning:') && l.endsWith('[PSR004]')),
    );
  });

  test('json: the contract shape, every rule on the example, relative paths', () => {
    const r = run(['check', '--format', 'json']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.deepEqual(
      {
        target: doc.project.target,
        psram: doc.project.psram,
        malloc: doc.project.spiramUseMalloc,
        t: doc.project.alwaysInternalThreshold,
      },
      { target: 'esp32s3', psram: true, malloc: true, t: 16384 },
    );
    assert.equal(doc.filesScanned, 7);
    assert.deepEqual([...new Set(doc.findings.map((f: { code: string }) => f.code))].sort(), [
      'PSR001',
      'PSR002',
      'PSR003',
      'PSR004',
      'PSR005',
    ]);
    for (const f of doc.findings) {
      assert.ok(!f.file.startsWith('/') && !f.file.includes('\\'));
      for (const k of ['line', 'column', 'endLine', 'endColumn']) {
        assert.equal(typeof f[k], 'number');
      }
      assert.equal(typeof f.fixable, 'boolean');
    }
  });

  test('sarif: valid against the SARIF 2.1.0 schema, one run, rules for every code', () => {
    const r = run(['check', '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: unknown[] }[];
    };
    const schema = JSON.parse(
      readFileSync(join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const valid = ajv.validate(schema, log);
    assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 3)));
    assert.equal(log.runs.length, 1);
    assert.deepEqual(
      log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id),
      ['PSR001', 'PSR002', 'PSR003', 'PSR004', 'PSR005'],
    );
    assert.ok(log.runs[0].results.length >= 9);
  });

  test('no findings: exit 0; files of a project without PSRAM: nothing, or hints with --psram-off-severity hint', () => {
    const dir = tempProject({
      sdkconfig: 'CONFIG_IDF_TARGET="esp32c3"\n',
      'a.cpp': '#include <memory>\nauto p = std::make_shared<int>(1);\n',
    });
    assert.equal(run(['check'], dir).code, 0);
    const hint = run(['check', '--psram-off-severity', 'hint', '--format', 'json'], dir);
    assert.equal(hint.code, 1);
    assert.equal(JSON.parse(hint.stdout).findings[0].severity, 'hint');
  });

  test('--sdkconfig and --target override the project; exclude setting is honoured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psl-cli-'));
    cpSync(example, dir, { recursive: true });
    writeFileSync(
      join(dir, 'other.sdkconfig'),
      'CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_CAPS_ALLOC=y\n',
    );
    const r = run(
      ['check', '--format', 'json', '--sdkconfig', 'other.sdkconfig', '--target', 'esp32c6'],
      dir,
    );
    const doc = JSON.parse(r.stdout);
    assert.ok(
      doc.findings.some((f: { message: string }) => /CONFIG_SPIRAM_USE_CAPS_ALLOC/.test(f.message)),
    );
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      '{ // comments allowed\n "psramLens.exclude": ["components/**"] }',
    );
    const ex = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
    assert.ok(ex.findings.every((f: { file: string }) => !f.file.startsWith('components/')));
  });

  test('unreadable input: one clear stderr line naming the path, the rest still runs, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psl-cli-'));
    writeFileSync(join(dir, 'ok.cpp'), 'auto p = std::make_shared<int>(1);\n');
    symlinkSync(join(dir, 'missing-target.cpp'), join(dir, 'dangling.cpp'));
    const r = run(['check', 'ok.cpp', 'dangling.cpp', 'nope/'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /ok\.cpp:1:10: warning/);
    const errs = r.stderr.trim().split('\n');
    assert.deepEqual(errs, [
      'psram-lens: dangling.cpp: no such file or directory',
      'psram-lens: nope: no such file or directory',
    ]);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('broken sdkconfig: one line per bad line on stderr, findings still reported', () => {
    const dir = tempProject({
      sdkconfig: 'CONFIG_SPIRAM=y\n<<<<<<< HEAD\n',
      'a.cpp': 'auto p = std::make_shared<int>(1);\n',
    });
    const r = run(['check'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^psram-lens: sdkconfig:2: cannot parse "<<<<<<< HEAD"\n$/);
  });

  test('usage errors exit 2 without a stack trace; --help exits 0', () => {
    const bad = run(['check', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    assert.equal(run(['check', '--sdkconfig', 'no-such-file']).code, 2);
    assert.equal(run(['--help']).code, 0);
    assert.match(run(['check', '--help']).stdout, /--format/);
  });

  test('many candidate files go through worker threads with the same result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psl-cli-many-'));
    for (let i = 0; i < 80; i++) {
      writeFileSync(
        join(dir, `f${i}.cpp`),
        `#include <memory>\nstruct S${i} { int v[${i + 1}]; };\nauto p${i} = std::make_shared<S${i}>();\n`,
      );
    }
    const doc = JSON.parse(run(['check', '--format', 'json', '--jobs', '2'], dir).stdout);
    assert.equal(doc.findings.length, 80);
    const f7 = doc.findings.find((f: { file: string }) => f.file === 'f7.cpp');
    assert.equal(f7.estimatedBytes, 12 + 32);
  });
});
