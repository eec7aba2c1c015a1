/**
 * Project kinds (docs/find.md): PlatformIO projects graded by their environment (sdkconfig.<env>,
 * -D build flags, board), Arduino sketches by the arduino-esp32 defaults, `.ino` files walked.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { collectSourceFiles } from '../../../server/analysis/sourceFiles';
import { checkWorkspace } from '../../../server/analysis/workspaceCheck';
import { findEnclosingProjectRoot, loadProject } from '../../../server/project/discovery';
import { gradedEnvironment } from '../../../server/project/platformio';
import { IDF_TOP, writeTree } from './helpers';

const SKETCH = `#include <memory>
struct Reading { float c; unsigned at; };
std::shared_ptr<Reading> last;
void setup() { last = std::make_shared<Reading>(); }
void loop() {}
`;

describe('project kinds', () => {
  test('platformio.ini: default_envs, [env] base, multi-line build_flags with -D forms', () => {
    const env = gradedEnvironment(
      [
        '; comment',
        '[platformio]',
        'default_envs = s3',
        '[env]',
        'framework = arduino',
        'build_flags = -DCORE_DEBUG_LEVEL=3',
        '[env:plain]',
        'board = esp32dev',
        '[env:s3]',
        'board = esp32-s3-devkitc-1',
        'build_flags =',
        '    -DBOARD_HAS_PSRAM',
        '    -D LABEL=\\"cam\\"  ; trailing comment',
        '    -mfix-esp32-psram-cache-issue',
      ].join('\n'),
    );
    assert.equal(env?.name, 's3');
    assert.deepEqual(env?.frameworks, ['arduino']);
    assert.equal(env?.board, 'esp32-s3-devkitc-1');
    assert.deepEqual(
      [...(env?.defines ?? [])],
      [
        ['CORE_DEBUG_LEVEL', 3],
        ['BOARD_HAS_PSRAM', 1],
        ['LABEL', 'cam'],
      ],
    );
  });

  test('PlatformIO + Arduino: board chip, -DBOARD_HAS_PSRAM, core threshold; #ifdef on a build flag', async () => {
    const root = writeTree({
      'platformio.ini':
        '[env:cam]\nplatform = espressif32\nboard = esp32-s3-devkitc-1\nframework = arduino\nbuild_flags = -DBOARD_HAS_PSRAM\n',
      'src/main.cpp':
        '#include <memory>\nstruct A { int v; };\n#ifdef BOARD_HAS_PSRAM\nauto a = std::make_shared<A>();\n#else\nauto b = std::make_shared<A>();\n#endif\n#if !defined(BOARD_HAS_PSRAM)\nauto c = std::make_shared<A>();\n#endif\n',
    });
    const p = await loadProject(root);
    assert.equal(p.kind, 'platformio');
    assert.equal(p.environment, 'cam');
    assert.equal(p.config.target, 'esp32s3');
    assert.equal(p.config.psram, true);
    assert.equal(p.config.alwaysInternalThreshold, 4096);
    const r = await checkWorkspace({ paths: [root], settings: DEFAULT_GRADE_SETTINGS });
    const got = r.results.flatMap((x) =>
      x.findings.map((f) => `${f.range.start.line + 1} ${f.severity}`),
    );
    assert.deepEqual(got, ['4 warning', '6 information', '9 information']);
  });

  test('PlatformIO + Arduino without BOARD_HAS_PSRAM: PSRAM unknown, still the core threshold', async () => {
    const root = writeTree({
      'platformio.ini': '[env:dev]\nboard = esp32dev\nframework = arduino\n',
      'src/main.cpp': '#include <memory>\n',
    });
    const p = await loadProject(root);
    assert.equal(p.config.target, 'esp32');
    assert.equal(p.config.psram, null);
    assert.equal(p.config.alwaysInternalThreshold, 4096);
  });

  test('PlatformIO + ESP-IDF: sdkconfig.<env> of the graded environment', async () => {
    const root = writeTree({
      'platformio.ini':
        '[platformio]\ndefault_envs = prod\n[env:dev]\nframework = espidf\n[env:prod]\nframework = espidf\nboard = esp32-c3-devkitm-1\n',
      'CMakeLists.txt': IDF_TOP,
      'sdkconfig.dev': 'CONFIG_IDF_TARGET="esp32c3"\n',
      'sdkconfig.prod':
        'CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\nCONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=1024\n',
    });
    const p = await loadProject(root);
    assert.equal(p.kind, 'platformio');
    assert.equal(p.sdkconfigPath, join(root, 'sdkconfig.prod'));
    assert.equal(p.config.alwaysInternalThreshold, 1024);
  });

  test('an Arduino sketch folder is a project; its .ino is walked and analysed as C++', async () => {
    const root = writeTree({ 'Blink/Blink.ino': SKETCH, 'Blink/helpers.h': '#pragma once\n' });
    const sketch = join(root, 'Blink');
    assert.equal(await findEnclosingProjectRoot(sketch), sketch);
    const walk = await collectSourceFiles([root], async () => false);
    assert.ok(walk.files.includes(join(sketch, 'Blink.ino')));
    const r = await checkWorkspace({ paths: [root], settings: DEFAULT_GRADE_SETTINGS });
    assert.equal(r.projects[0]?.kind, 'arduino');
    assert.deepEqual(
      r.results.flatMap((x) => x.findings.map((f) => `${f.code} ${f.severity}`)),
      ['PSR001 warning'],
    );
    assert.match(r.results[0].findings[0].message, /up to 4096 B/);
  });

  test('an Arduino library (library.properties) is graded like a sketch', async () => {
    const root = writeTree({
      'Net/library.properties': 'name=Net\narchitectures=esp32\n',
      'Net/src/Client.h':
        '#include <memory>\nstruct Buf { char b[16]; };\nclass Client { std::shared_ptr<Buf> rx; void open(); };\n',
      'Net/src/Client.cpp': '#include "Client.h"\nvoid Client::open() { rx.reset(new Buf); }\n',
    });
    const r = await checkWorkspace({ paths: [root], settings: DEFAULT_GRADE_SETTINGS });
    assert.equal(r.projects[0]?.kind, 'arduino');
    const [f] = r.results.flatMap((x) => x.findings);
    assert.equal(f.code, 'PSR003');
    assert.match(f.message, /up to 4096 B/);
  });
});
