/**
 * Build awareness (docs/find.md): build/compile_commands.json decides device code; without it the
 * components' CMakeLists.txt do; a linux-target project is host code; #if branches on CONFIG_*
 * options are evaluated with the sdkconfig.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { evaluate } from '../../../server/analysis/conditions';
import { checkWorkspace } from '../../../server/analysis/workspaceCheck';
import { fileScope, loadBuildScope } from '../../../server/project/buildScope';
import { loadProject } from '../../../server/project/discovery';
import { macroTable } from '../../../server/project/macros';
import type { SdkValue } from '../../../server/project/sdkconfig';
import { IDF_TOP, writeTree } from './helpers';

const SPIRAM = 'CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\n';
const SITE = '#include <memory>\nstruct A { int v; };\nauto a = std::make_shared<A>();\n';

async function severities(root: string, hostCode: 'information' | 'off' = 'information') {
  const r = await checkWorkspace({
    paths: [root],
    settings: { ...DEFAULT_GRADE_SETTINGS, hostCode },
  });
  return Object.fromEntries(
    r.results.map((x) => [x.file.slice(root.length + 1), x.findings.map((f) => f.severity)]),
  );
}

describe('build awareness', () => {
  test('compile_commands.json: compiled sources and included headers are device code; the rest host', async () => {
    const root = writeTree({
      'CMakeLists.txt': IDF_TOP,
      sdkconfig: SPIRAM,
      'main/CMakeLists.txt': 'idf_component_register(SRCS "app.cpp" "host_only.cpp")\n',
      'main/app.cpp': SITE,
      'main/host_only.cpp': SITE,
      'components/x/include/x.hpp': SITE,
      'components/x/x.cpp': SITE,
      'tools/sim/sim.hpp': SITE,
      'build/compile_commands.json': '[]',
    });
    const db = [
      {
        directory: join(root, 'build'),
        command: `xtensa-esp32s3-elf-g++ -I${join(root, 'components/x/include')} -I ../main -c ../main/app.cpp`,
        file: '../main/app.cpp',
      },
      {
        directory: join(root, 'build'),
        arguments: [
          'g++',
          '-iquote',
          join(root, 'components/x'),
          '-c',
          join(root, 'components/x/x.cpp'),
        ],
        file: join(root, 'components/x/x.cpp'),
      },
    ];
    // The database names absolute paths, so it is written once the root exists.
    writeFileSync(join(root, 'build/compile_commands.json'), JSON.stringify(db));
    assert.deepEqual(await severities(root), {
      'components/x/include/x.hpp': ['warning'],
      'components/x/x.cpp': ['warning'],
      'main/app.cpp': ['warning'],
      // Listed in CMakeLists.txt, but the build that ran did not compile it: the build wins.
      'main/host_only.cpp': ['information'],
      'tools/sim/sim.hpp': ['information'],
    });
    assert.deepEqual(Object.keys(await severities(root, 'off')).sort(), [
      'components/x/include/x.hpp',
      'components/x/x.cpp',
      'main/app.cpp',
    ]);
  });

  test('compile_commands.json with real paths, project reached through a symbolic link', async () => {
    const real = writeTree({
      'CMakeLists.txt': IDF_TOP,
      sdkconfig: SPIRAM,
      'main/app.cpp': SITE,
      'main/other.cpp': SITE,
    });
    const db = [
      { directory: join(real, 'build'), file: join(real, 'main/app.cpp'), arguments: [] },
    ];
    mkdirSync(join(real, 'build'));
    writeFileSync(join(real, 'build/compile_commands.json'), JSON.stringify(db));
    const link = `${real}-link`;
    symlinkSync(real, link);
    assert.deepEqual(await severities(link), {
      'main/app.cpp': ['warning'],
      'main/other.cpp': ['information'],
    });
  });

  test('without a build: SRCS, SRC_DIRS (not recursive), EXCLUDE_SRCS, INCLUDE_DIRS; variables fall back', async () => {
    const root = writeTree({
      'CMakeLists.txt': IDF_TOP,
      sdkconfig: SPIRAM,
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp" INCLUDE_DIRS ".")\n',
      'main/main.cpp': SITE,
      'main/local.hpp': SITE,
      'components/a/CMakeLists.txt':
        'idf_component_register(SRC_DIRS "src" EXCLUDE_SRCS "src/emu.cpp"\n  INCLUDE_DIRS "include")\n',
      'components/a/src/a.cpp': SITE,
      'components/a/src/emu.cpp': SITE,
      'components/a/src/deeper/b.cpp': SITE,
      'components/a/include/a.hpp': SITE,
      'components/a/test/a_test.cpp': SITE,
      'components/v/CMakeLists.txt': 'set(srcs "v.cpp")\nidf_component_register(SRCS ${srcs})\n',
      'components/v/v.cpp': SITE,
    });
    const scope = await loadBuildScope(root, 'esp32s3');
    assert.equal(scope.origin, 'cmake');
    assert.equal(fileScope(scope, join(root, 'components/v/v.cpp')).kind, 'unknown');
    assert.deepEqual(await severities(root), {
      'components/a/include/a.hpp': ['warning'],
      'components/a/src/a.cpp': ['warning'],
      'components/a/src/deeper/b.cpp': ['information'],
      'components/a/src/emu.cpp': ['information'],
      'components/a/test/a_test.cpp': ['information'],
      'components/v/v.cpp': ['warning'],
      'main/local.hpp': ['warning'],
      'main/main.cpp': ['warning'],
    });
  });

  test('a project that targets linux is host code', async () => {
    const root = writeTree({
      'CMakeLists.txt': IDF_TOP,
      sdkconfig: 'CONFIG_IDF_TARGET="linux"\n',
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp")\n',
      'main/main.cpp': SITE,
    });
    const scope = (await loadProject(root)).build;
    assert.deepEqual(fileScope(scope, join(root, 'main/main.cpp')), {
      kind: 'host',
      reason: 'the project targets linux (CONFIG_IDF_TARGET)',
    });
  });

  test('#if / #ifdef / #elif / #else on CONFIG_* options, with the sdkconfig', async () => {
    const root = writeTree({
      'CMakeLists.txt': IDF_TOP,
      sdkconfig: `${SPIRAM}CONFIG_APP_LEVEL=2\n# CONFIG_APP_FAST is not set\n`,
      'main/main.cpp': [
        '#include <memory>',
        'struct A { int v; };',
        '#if CONFIG_APP_FAST',
        'auto a = std::make_shared<A>();', // 4: off
        '#elif CONFIG_APP_LEVEL >= 2 && defined(CONFIG_SPIRAM)',
        'auto b = std::make_shared<A>();', // 6: on
        '#else',
        'auto c = std::make_shared<A>();', // 8: off
        '#endif',
        '#ifndef CONFIG_APP_FAST',
        'auto d = std::make_shared<A>();', // 11: on
        '#endif',
        '#if SOME_OTHER_MACRO',
        'auto e = std::make_shared<A>();', // 14: unknown macro: still a device finding
        '#endif',
        '#ifdef CONFIG_APP_OPTION_FROM_DEFAULTS_ONLY',
        'auto f = std::make_shared<A>();', // 17: full sdkconfig, not listed: off
        '#endif',
        '',
      ].join('\n'),
    });
    const r = await checkWorkspace({ paths: [root], settings: DEFAULT_GRADE_SETTINGS });
    assert.deepEqual(
      r.results[0].findings.map((f) => `${f.range.start.line + 1} ${f.severity}`),
      ['4 information', '6 warning', '8 information', '11 warning', '14 warning', '17 information'],
    );
    assert.match(r.results[0].findings[0].message, /`#if CONFIG_APP_FAST` is off/);

    // --sdkconfig replaces the project's configuration, and its macro values with it.
    const other = join(root, 'other.sdkconfig');
    writeFileSync(other, `${SPIRAM}CONFIG_APP_FAST=y\n`);
    const o = await checkWorkspace({
      paths: [root],
      sdkconfig: other,
      settings: DEFAULT_GRADE_SETTINGS,
    });
    assert.deepEqual(
      o.results[0].findings.map((f) => `${f.range.start.line + 1} ${f.severity}`),
      [
        '4 warning',
        '6 information',
        '8 information',
        '11 information',
        '14 warning',
        '17 information',
      ],
    );
  });

  test('the #if evaluator: arithmetic, logic, unknowns, defaults files', () => {
    const full = macroTable(
      new Map<string, SdkValue>([
        ['CONFIG_A', 3],
        ['CONFIG_B', true],
        ['FLAG', ''],
      ]),
      true,
    );
    const partial = macroTable(new Map([['CONFIG_A', 3]]), false);
    const cases: [string, number | null, number | null][] = [
      ['CONFIG_A == 3', 1, 1],
      ['CONFIG_A > 1 && CONFIG_B', 1, null],
      ['CONFIG_MISSING', 0, null],
      ['defined(CONFIG_MISSING) || CONFIG_A', 1, 1],
      ['CONFIG_MISSING && UNKNOWN_MACRO', 0, null],
      ['UNKNOWN_MACRO || CONFIG_B', 1, null],
      ['!defined CONFIG_B', 0, null],
      ['(CONFIG_A + 1) * 2 == 8 ? 1 : 0', 1, 1],
      ['defined(FLAG)', 1, null],
      ['CONFIG_A / 0', null, null],
      ['FOO(1)', null, null],
      ['CONFIG_A ==', null, null],
    ];
    for (const [expr, withFull, withPartial] of cases) {
      assert.equal(evaluate(expr, full), withFull, `${expr} (full sdkconfig)`);
      assert.equal(evaluate(expr, partial), withPartial, `${expr} (defaults only)`);
    }
  });
});
