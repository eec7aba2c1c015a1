/**
 * `psram-lens fix` under faults and hostile settings (issue 15: fix under faults, security 1;
 * issue 12 fix 2 and 5): read-only and non-UTF-8 files are refused and keep `--check` failing, an
 * unreadable file does not stop the run, the summary counts only what was written, vendored and
 * host code are left alone unless asked, and `psramLens.header.path` never leaves the project.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { idfProject, runFixIn, scratchDir } from '../fix/runFixIn';
import { resolveHeaderPath } from '../../../server/fix/headerPath';
import { parseSettings } from '../../../server/config/settings';
import { analyzeText } from '../../../server/analysis/analyzer';
import { planMigration } from '../../../server/fix/migrate';

const SITE = '#include <memory>\nstruct W { int a; };\nauto w = std::make_shared<W>();\n';

/** A one-component ESP-IDF project with the given files (path → text or bytes). */
const project = (files: Record<string, string | Buffer>): string =>
  idfProject({
    'main/CMakeLists.txt': 'idf_component_register(SRC_DIRS "." INCLUDE_DIRS ".")\n',
    ...files,
  });
const fix = runFixIn;

void describe('fix under faults', () => {
  test('a read-only file is refused with one line, the others are migrated; --check exits 1', async () => {
    const dir = project({ 'main/a.cpp': SITE, 'main/ro.cpp': SITE });
    chmodSync(join(dir, 'main/ro.cpp'), 0o444);
    const check = await fix(dir, { check: true });
    assert.equal(check.code, 1);
    const run = await fix(dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^main\/ro\.cpp: read-only; not rewritten \(make it writable to migrate it\)$/m,
    );
    assert.match(run.stdout, /^rewrote main\/a\.cpp \(1 sites\)$/m);
    assert.equal(readFileSync(join(dir, 'main/ro.cpp'), 'utf8'), SITE);
    // Only the refused file is left: --check still fails until it is made writable.
    assert.equal((await fix(dir, { check: true })).code, 1);
    chmodSync(join(dir, 'main/ro.cpp'), 0o644);
    await fix(dir);
    assert.equal((await fix(dir, { check: true })).code, 0);
  });

  test('a file that is not UTF-8 keeps --check failing', async () => {
    const dir = project({ 'main/l1.cpp': Buffer.from(`// caf\xe9\n${SITE}`, 'latin1') });
    const check = await fix(dir, { check: true });
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^main\/l1\.cpp: not valid UTF-8; not rewritten$/m);
  });

  test('an unreadable file is reported and the rest is still migrated (exit 2)', async () => {
    const dir = project({ 'main/a.cpp': SITE });
    // As root every file is readable: a dangling link named on the command line is the fault.
    symlinkSync(join(dir, 'nowhere.cpp'), join(dir, 'main', 'dangling.cpp'));
    const run = await fix(dir, {}, ['main/dangling.cpp', '.']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /dangling\.cpp: no such file or directory/);
    assert.match(run.stdout, /^1 sites rewritten in 1 files$/m);
    assert.match(readFileSync(join(dir, 'main/a.cpp'), 'utf8'), /psram::make_shared<W>/);
  });

  test('a file that cannot be written: one clear line, and the summary counts only what was written', async () => {
    const dir = project({
      'main/a.cpp': SITE,
      'sub/b.cpp': SITE,
      'main/CMakeLists.txt': 'idf_component_register(SRC_DIRS "." "../sub" INCLUDE_DIRS ".")\n',
    });
    // A folder nobody but root may write to (root ignores it: then both files are written).
    chmodSync(join(dir, 'sub'), 0o555);
    const run = await fix(dir);
    chmodSync(join(dir, 'sub'), 0o755);
    if (process.getuid?.() === 0) {
      assert.match(run.stdout, /^2 sites rewritten in 2 files$/m);
    } else {
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /^psram-lens: .*sub\/b\.cpp: cannot write \(permission denied\); left unchanged$/m,
      );
      assert.doesNotMatch(run.stderr, /psram-lens\.tmp/);
      assert.match(run.stdout, /^1 sites rewritten in 1 files$/m);
    }
  });
  test('when the header cannot be added, no file is rewritten to include it', async () => {
    // A file named like the components folder: the header's folder cannot be made (even as root).
    const dir = project({ 'main/a.cpp': SITE, components: 'not a folder\n' });
    const run = await fix(dir);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^psram-lens: components\/psram_shared\/include\/psram_shared\.hpp: cannot write \(not a directory\); left unchanged$/m,
    );
    assert.match(
      run.stderr,
      /^psram-lens: 1 files not rewritten: they would include .*psram_shared\.hpp, which could not be added$/m,
    );
    assert.match(run.stdout, /^0 sites rewritten in 0 files$/m);
    assert.equal(readFileSync(join(dir, 'main/a.cpp'), 'utf8'), SITE);
  });
});

void describe('vendored code is left alone by default', () => {
  test('managed_components/, third_party/ and git submodules are not rewritten unless asked', async () => {
    const dir = project({
      'main/a.cpp': SITE,
      'main/third_party/json.hpp': SITE,
      'components/lib/x.cpp': SITE,
      'components/lib/CMakeLists.txt': 'idf_component_register(SRCS "x.cpp")\n',
      '.gitmodules':
        '[submodule "lib"]\n\tpath = components/lib\n\turl = https://example.com/lib\n',
    });
    const run = await fix(dir);
    assert.match(run.stdout, /^1 sites rewritten in 1 files$/m);
    assert.match(
      run.stdout,
      /^2 vendored files left alone \(.*\); --include-vendored migrates them$/m,
    );
    assert.equal(readFileSync(join(dir, 'main/third_party/json.hpp'), 'utf8'), SITE);
    assert.equal(readFileSync(join(dir, 'components/lib/x.cpp'), 'utf8'), SITE);
    assert.equal((await fix(dir, { check: true })).code, 0);
    const opted = await fix(dir, { includeVendored: true });
    assert.match(opted.stdout, /^2 sites rewritten in 2 files$/m);
  });

  test('a submodule listed by the repository around the project is vendored too', async () => {
    const repo = scratchDir('psram-repo-');
    writeFileSync(join(repo, '.gitmodules'), '[submodule "lib"]\n\tpath = fw/components/lib\n');
    const dir = project({
      'main/a.cpp': SITE,
      'components/lib/x.cpp': SITE,
      'components/lib/CMakeLists.txt': 'idf_component_register(SRCS "x.cpp")\n',
    });
    cpSync(dir, join(repo, 'fw'), { recursive: true });
    const run = await fix(join(repo, 'fw'));
    assert.match(run.stdout, /^1 vendored files left alone \(git submodule fw\/components\/lib\)/m);
    assert.equal(readFileSync(join(repo, 'fw/components/lib/x.cpp'), 'utf8'), SITE);
  });

  test('the project setting opts in too', async () => {
    const dir = project({
      'main/vendor/v.cpp': SITE,
      'main/CMakeLists.txt': 'idf_component_register(SRC_DIRS "." "vendor")\n',
      '.vscode/settings.json': '{ "psramLens.fix.includeVendored": true }',
    });
    assert.match((await fix(dir)).stdout, /^1 sites rewritten in 1 files$/m);
  });
});

void describe('host code is left alone by default', () => {
  test('a file the build does not compile (compile_commands.json) is not rewritten unless asked', async () => {
    const dir = project({ 'main/a.cpp': SITE, 'host_test/main/t.cpp': SITE });
    // As ESP-IDF writes it: the device build compiles main/a.cpp only.
    mkdirSync(join(dir, 'build'));
    writeFileSync(
      join(dir, 'build', 'compile_commands.json'),
      JSON.stringify([
        {
          directory: join(dir, 'build'),
          command: `xtensa-esp32s3-elf-g++ -I${join(dir, 'main')} -c ${join(dir, 'main/a.cpp')}`,
          file: join(dir, 'main/a.cpp'),
        },
      ]),
    );
    const run = await fix(dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^1 sites rewritten in 1 files$/m);
    assert.match(
      run.stdout,
      /^1 host-code files left alone \(not built for the ESP target: host_test\/main\/t\.cpp\); --include-host-code migrates them$/m,
    );
    assert.equal(readFileSync(join(dir, 'host_test/main/t.cpp'), 'utf8'), SITE);
    // Left alone by design, like vendored code: --check does not fail on it.
    assert.equal((await fix(dir, { check: true })).code, 0);
    const opted = await fix(dir, { includeHostCode: true });
    assert.match(opted.stdout, /^1 sites rewritten in 1 files$/m);
    assert.match(readFileSync(join(dir, 'host_test/main/t.cpp'), 'utf8'), /psram::make_shared<W>/);
  });

  test('the project setting opts in too; a project configured for linux is migrated whole', async () => {
    const opted = project({
      'main/a.cpp': SITE,
      'main/host/h.cpp': SITE,
      '.vscode/settings.json': '{ "psramLens.fix.includeHostCode": true }',
    });
    assert.match((await fix(opted)).stdout, /^2 sites rewritten in 2 files$/m);
    // CONFIG_IDF_TARGET="linux" says how the tree is built for now, not which code is host code.
    const linux = project({
      'main/a.cpp': SITE,
      sdkconfig: 'CONFIG_IDF_TARGET="linux"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\n',
    });
    assert.match((await fix(linux)).stdout, /^1 sites rewritten in 1 files$/m);
  });
});

void describe('psramLens.header.path stays inside the project', () => {
  for (const value of [
    '../outside/psram_shared.hpp',
    '/tmp/psram-lens-escape/psram_shared.hpp',
    'a/../../x.hpp',
  ]) {
    test(`"${value}" is rejected with a clear line and the default location is used`, async () => {
      const dir = project({
        'main/a.cpp': SITE,
        '.vscode/settings.json': JSON.stringify({ 'psramLens.header.path': value }),
      });
      const run = await fix(dir);
      assert.match(
        run.stderr,
        new RegExp(
          `psramLens\\.header\\.path "${value.replace(/[.*/]/g, '\\$&')}" (is absolute|climbs out)`,
        ),
      );
      assert.ok(!existsSync(join(dir, '..', 'outside')));
      assert.ok(!existsSync('/tmp/psram-lens-escape'));
      assert.match(run.stdout, /^1 sites rewritten in 1 files$/m);
      assert.doesNotMatch(readFileSync(join(dir, 'main/a.cpp'), 'utf8'), /\.\.\//);
    });
  }

  test('an existing file outside, reached through a symbolic link, is never adopted', async () => {
    const outside = scratchDir('psram-outside-');
    writeFileSync(join(outside, 'psram_shared.hpp'), 'secret\n');
    const dir = project({
      'main/a.cpp': SITE,
      '.vscode/settings.json': '{ "psramLens.header.path": "inc/psram_shared.hpp" }',
    });
    symlinkSync(outside, join(dir, 'inc'));
    const run = await fix(dir);
    assert.match(run.stderr, /leads outside the project through a symbolic link/);
    assert.doesNotMatch(readFileSync(join(dir, 'main/a.cpp'), 'utf8'), /inc\/psram_shared/);
    assert.equal(readFileSync(join(outside, 'psram_shared.hpp'), 'utf8'), 'secret\n');
  });

  test('resolveHeaderPath and the settings schema (the language server) agree', () => {
    for (const [value, ok] of [
      ['include/psram_shared.hpp', true],
      ['/etc/passwd', false],
      ['../../../../etc/passwd', false],
      ['inc/../../x', false],
      ['C:\\x.hpp', false],
    ] as const) {
      const r = resolveHeaderPath('/project', value);
      assert.equal(r !== undefined && 'path' in r, ok, value);
      const parsed = parseSettings({ header: { path: value } });
      assert.deepEqual(
        parsed.problems,
        ok
          ? []
          : ['psramLens.header.path: must be a path inside the project (relative, without "..")'],
        value,
      );
    }
  });

  test('the planner itself (language server, editor commands) never uses a path outside', async () => {
    const dir = project({ 'main/a.cpp': SITE });
    const file = join(dir, 'main/a.cpp');
    const plan = await planMigration(
      { root: dir, files: [file], components: [], read: () => undefined },
      [{ file, text: SITE, findings: await analyzeText(SITE) }],
      { style: 'qualified', namespace: 'psram', headerPath: '/etc/passwd' },
    );
    assert.match(plan.problems.join('\n'), /psramLens\.header\.path ".*" (is absolute|climbs out)/);
    assert.ok(plan.header.path.startsWith(dir), plan.header.path);
    assert.equal(plan.header.create, true);
  });
});
