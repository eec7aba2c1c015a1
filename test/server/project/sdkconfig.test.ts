import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findProjects, projectForFile } from '../../../server/project/discovery';
import { parseSdkconfig, psramConfigFrom } from '../../../server/project/sdkconfig';

const cfg = (text: string) => psramConfigFrom(parseSdkconfig(text).values);

describe('sdkconfig', () => {
  test('values of every form, CRLF and BOM', () => {
    const p = parseSdkconfig(
      '\uFEFFCONFIG_A=y\r\n# CONFIG_B is not set\r\nCONFIG_C=16384\r\nCONFIG_D=0x20\r\nCONFIG_E="esp32s3"\r\n',
    );
    assert.deepEqual(
      [...p.values],
      [
        ['CONFIG_A', true],
        ['CONFIG_B', false],
        ['CONFIG_C', 16384],
        ['CONFIG_D', 32],
        ['CONFIG_E', 'esp32s3'],
      ],
    );
    assert.deepEqual(p.errors, []);
  });

  test('broken lines are reported with their line number, the rest still read', () => {
    const p = parseSdkconfig('CONFIG_SPIRAM=y\nthis is not kconfig\nCONFIG_X=unquoted text\n');
    assert.equal(p.values.get('CONFIG_SPIRAM'), true);
    assert.deepEqual(
      p.errors.map((e) => e.line),
      [2, 3],
    );
  });

  test('PSRAM with malloc: threshold from the file or the Kconfig default', () => {
    assert.equal(
      cfg('CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\nCONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=4096\n')
        .alwaysInternalThreshold,
      4096,
    );
    const defaults = cfg('CONFIG_IDF_TARGET="esp32"\nCONFIG_SPIRAM=y\n');
    assert.equal(defaults.spiramUseMalloc, true, 'USE_MALLOC is the default access method');
    assert.equal(defaults.alwaysInternalThreshold, 16384);
    assert.equal(defaults.reserveInternal, 32768);
    assert.equal(defaults.target, 'esp32');
  });

  test('caps-alloc and memmap modes, no PSRAM, unknown target', () => {
    const caps = cfg('CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_CAPS_ALLOC=y\n');
    assert.equal(caps.spiramUseMalloc, false);
    assert.equal(caps.spiramUseCapsAlloc, true);
    assert.equal(caps.alwaysInternalThreshold, null);
    assert.equal(cfg('CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MEMMAP=y\n').spiramUseMemmap, true);
    assert.equal(cfg('CONFIG_IDF_TARGET="esp32c3"\n').psram, false);
    const c5 = cfg('CONFIG_IDF_TARGET="esp32c5"\n');
    assert.equal(c5.target, null);
    assert.equal(c5.targetName, 'esp32c5');
  });
});

describe('project discovery', () => {
  test('finds projects by their top CMakeLists, multi-root, skipping build folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'psl-disc-'));
    const mk = (dir: string, cmake: string, sdk?: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'CMakeLists.txt'), cmake);
      if (sdk !== undefined) writeFileSync(join(dir, 'sdkconfig.defaults'), sdk);
    };
    const top =
      'cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(x)\n';
    mk(join(root, 'a'), top, 'CONFIG_SPIRAM=y\n');
    mk(join(root, 'a', 'main'), 'idf_component_register(SRCS "m.cpp")\n');
    mk(join(root, 'a', 'build', 'copy'), top);
    mk(join(root, 'b', 'nested'), top, 'CONFIG_IDF_TARGET="esp32c3"\n');
    const other = mkdtempSync(join(tmpdir(), 'psl-disc2-'));
    mk(join(other, 'c'), top);
    const found = await findProjects([root, other]);
    assert.deepEqual(
      found.map((p) => p.root).sort(),
      [join(root, 'a'), join(root, 'b', 'nested'), join(other, 'c')].sort(),
    );
    const a = found.find((p) => p.root === join(root, 'a'));
    assert.equal(a?.config.psram, true);
    assert.equal(projectForFile(found, join(root, 'a', 'main', 'm.cpp'))?.root, join(root, 'a'));
    assert.equal(projectForFile(found, join(root, 'elsewhere.cpp')), undefined);
  });
});
