/**
 * The header goes where the build finds it (issue 12, fix 1). On examples/multi-component (two
 * components, a public header, main without REQUIRES) the factory becomes its own component, each
 * component that now includes it requires it (REQUIRES from a public header, PRIV_REQUIRES from
 * sources), main is left alone, and every source compiles with only the include directories
 * ESP-IDF would give it (idfResolver.ts). A plain CMake library gets the header in its public
 * include directory, spelled like its own headers.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FixFlags } from '../../../server/cli/fix';
import { requirementEdit } from '../../../server/fix/componentRequires';
import { applyEdits } from '../../../server/fix/textEdit';
import { compileIdfProject } from './idfResolver';
import { runFixIn, scratchDir } from './runFixIn';

const exec = promisify(execFile);
const repo = join(__dirname, '..', '..', '..');
const FAKE_ESP = join(repo, 'test', 'cpp', 'fake');
const scratch = (): string => scratchDir('psram-place-');

async function fix(cwd: string, flags: FixFlags = {}, paths = ['.']): Promise<string> {
  return (await runFixIn(cwd, flags, paths)).stdout;
}

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else out.push(full);
  }
  return out;
}

const read = (dir: string, rel: string): string => readFileSync(join(dir, rel), 'utf8');

void describe('ESP-IDF: the factory is its own component', () => {
  test('examples/multi-component migrates, requires exactly what it needs and builds', async () => {
    const dir = scratch();
    cpSync(join(repo, 'examples', 'multi-component'), dir, { recursive: true });
    const mainCmake = read(dir, 'main/CMakeLists.txt');
    const out = await fix(dir);
    assert.match(out, /^added components\/psram_shared\/CMakeLists\.txt$/m);
    assert.match(out, /^added components\/psram_shared\/include\/psram_shared\.hpp$/m);
    assert.match(out, /^updated components\/net\/CMakeLists\.txt: requires psram_shared$/m);
    assert.match(
      read(dir, 'components/media/src/pipeline.cpp'),
      /#define MEDIA_NEW_FRAME\(\) psram::make_shared<Frame>\(\)/,
    );
    assert.match(
      read(dir, 'components/psram_shared/CMakeLists.txt'),
      /idf_component_register\(INCLUDE_DIRS "include"\)/,
    );
    // net's public header includes the factory: REQUIRES; media's sources only: PRIV_REQUIRES.
    assert.match(
      read(dir, 'components/net/include/net/session.hpp'),
      /#include "psram_shared\.hpp"/,
    );
    assert.match(read(dir, 'components/net/CMakeLists.txt'), /\n\s+REQUIRES psram_shared\)/);
    assert.match(read(dir, 'components/media/CMakeLists.txt'), /PRIV_REQUIRES net psram_shared\)/);
    assert.equal(read(dir, 'main/CMakeLists.txt'), mainCmake, 'main sees every component');
    for (const f of files(dir).filter((x) => /\.(c|cc|cpp|h|hpp|ino)$/.test(x))) {
      assert.doesNotMatch(
        readFileSync(f, 'utf8'),
        /#include "\.\.\/[^"]*psram_shared/,
        relative(dir, f),
      );
    }
    assert.equal(await compileIdfProject(dir, [`-I${FAKE_ESP}`]), 4);

    const cmakes = files(dir)
      .filter((f) => f.endsWith('CMakeLists.txt'))
      .map((f) => readFileSync(f, 'utf8'));
    assert.match(await fix(dir), /^0 sites rewritten in 0 files$/m);
    assert.deepEqual(
      files(dir)
        .filter((f) => f.endsWith('CMakeLists.txt'))
        .map((f) => readFileSync(f, 'utf8')),
      cmakes,
      'idempotent',
    );

    // The resolver is strict: without net's requirement, net's sources do not see the header.
    writeFileSync(
      join(dir, 'components/net/CMakeLists.txt'),
      read(dir, 'components/net/CMakeLists.txt').replace(/\s+REQUIRES psram_shared/, ''),
    );
    await assert.rejects(
      compileIdfProject(dir, [`-I${FAKE_ESP}`]),
      /psram_shared\.hpp: No such file/,
    );
  });
});

void describe('Arduino sketch', () => {
  test('the header goes into the sketch folder, even inside an ESP-IDF tree, and the sketch compiles', async () => {
    const dir = scratch();
    cpSync(join(repo, 'examples', 'multi-component'), dir, { recursive: true });
    const sketch = join(dir, 'arduino', 'PsramSketch');
    // Named explicitly: walking .ino files is the analyzer's part (docs/find.md).
    const out = await fix(dir, {}, ['arduino/PsramSketch/PsramSketch.ino']);
    assert.match(out, /^added arduino\/PsramSketch\/psram_shared\.hpp$/m);
    const ino = readFileSync(join(sketch, 'PsramSketch.ino'), 'utf8');
    assert.match(ino, /^#include "psram_shared\.hpp"$/m);
    assert.match(ino, /psram::make_shared<Reading>\(\)/);
    // The Arduino build includes Arduino.h implicitly and searches the sketch folder.
    await exec('g++', [
      '-std=c++17',
      '-fsyntax-only',
      '-x',
      'c++',
      '-include',
      'Arduino.h',
      `-I${FAKE_ESP}`,
      `-I${sketch}`,
      join(sketch, 'PsramSketch.ino'),
    ]);
  });
});

void describe('requirementEdit', () => {
  const add = (text: string, v: 'REQUIRES' | 'PRIV_REQUIRES'): string => {
    const e = requirementEdit(text, 'psram_shared', v);
    return e ? applyEdits(text, [e]) : text;
  };

  test('appends to an existing list in its quoting style', () => {
    assert.equal(
      add(
        'idf_component_register(SRCS "a.cpp"\n                       PRIV_REQUIRES "net")\n',
        'PRIV_REQUIRES',
      ),
      'idf_component_register(SRCS "a.cpp"\n                       PRIV_REQUIRES "net" "psram_shared")\n',
    );
  });

  test('a new keyword line aligned with the others, CRLF kept', () => {
    assert.equal(
      add('idf_component_register(SRCS "a.cpp"\r\n    INCLUDE_DIRS "include")\r\n', 'REQUIRES'),
      'idf_component_register(SRCS "a.cpp"\r\n    INCLUDE_DIRS "include"\r\n    REQUIRES psram_shared)\r\n',
    );
  });

  test('idempotent; REQUIRES satisfies a private need; comments and parentheses in strings', () => {
    const text = 'idf_component_register(SRCS "a(1).cpp" # note (\n  REQUIRES psram_shared\n)\n';
    assert.equal(requirementEdit(text, 'psram_shared', 'PRIV_REQUIRES'), null);
    assert.equal(requirementEdit(text, 'psram_shared', 'REQUIRES'), null);
    assert.equal(
      add(add('idf_component_register(SRCS x.cpp)\n', 'PRIV_REQUIRES'), 'PRIV_REQUIRES'),
      'idf_component_register(SRCS x.cpp\n                       PRIV_REQUIRES psram_shared)\n',
    );
  });
});

void describe('plain CMake library', () => {
  test('the header goes into the public include directory, spelled like the library spells its own', async () => {
    const dir = scratch();
    const put = (rel: string, text: string): void => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    put(
      'CMakeLists.txt',
      'cmake_minimum_required(VERSION 3.16)\nproject(rtc CXX)\nadd_library(rtc src/peer.cpp)\ntarget_include_directories(rtc PUBLIC include PRIVATE src)\n',
    );
    put(
      'include/rtc/peer.hpp',
      '#pragma once\n#include <memory>\nnamespace rtc {\nstruct Peer { int id = 0; };\ninline std::shared_ptr<Peer> makePeer() { return std::make_shared<Peer>(); }\n}  // namespace rtc\n',
    );
    put(
      'src/peer.cpp',
      '#include "rtc/peer.hpp"\nnamespace rtc {\nstd::shared_ptr<Peer> other() { return std::make_shared<Peer>(); }\n}  // namespace rtc\n',
    );
    const out = await fix(dir);
    assert.match(out, /^added include\/rtc\/psram_shared\.hpp$/m);
    assert.match(read(dir, 'include/rtc/peer.hpp'), /#include "rtc\/psram_shared\.hpp"/);
    assert.match(
      read(dir, 'src/peer.cpp'),
      /#include "rtc\/psram_shared\.hpp"|^#include "rtc\/peer\.hpp"\n(?!#include)/m,
    );
    // As an installed library: only the public include directory is on the path.
    await exec('g++', [
      '-std=c++17',
      '-fsyntax-only',
      `-I${join(dir, 'include')}`,
      join(dir, 'src/peer.cpp'),
    ]);
    const consumer = join(dir, 'consumer.cpp');
    writeFileSync(
      consumer,
      '#include "rtc/peer.hpp"\nint main() { return rtc::makePeer()->id; }\n',
    );
    await exec('g++', ['-std=c++17', '-fsyntax-only', `-I${join(dir, 'include')}`, consumer]);
  });
});
