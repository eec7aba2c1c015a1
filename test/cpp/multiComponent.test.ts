/**
 * examples/multi-component is real C++: every source (and the Arduino sketch) passes host g++
 * -fsyntax-only with -Wall -Wextra -Werror, against the fake ESP-IDF / Arduino headers of
 * test/cpp/fake and an sdkconfig.h generated from the example's own sdkconfig (as ESP-IDF's
 * kconfgen does: `y` → 1, numbers and strings as written, unset options not defined).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parseSdkconfig } from '../../server/project/sdkconfig';

const run = promisify(execFile);
const example = join(__dirname, '..', '..', 'examples', 'multi-component');
const fake = join(__dirname, 'fake');
const FLAGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-fsyntax-only'];

let generated: string;

function sdkconfigHeader(text: string): string {
  const lines = ['#pragma once'];
  for (const [name, value] of parseSdkconfig(text).values) {
    if (value === false) continue;
    const v = value === true ? '1' : typeof value === 'string' ? JSON.stringify(value) : value;
    lines.push(`#define ${name} ${v}`);
  }
  return `${lines.join('\n')}\n`;
}

async function syntaxCheck(args: string[]): Promise<void> {
  try {
    await run('g++', [...FLAGS, ...args], { cwd: example });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') assert.fail('g++ is not installed');
    assert.fail(`g++ ${args.join(' ')}:\n${err.stderr ?? String(e)}`);
  }
}

describe('examples/multi-component compiles with host g++', () => {
  before(() => {
    generated = mkdtempSync(join(tmpdir(), 'psram-multi-'));
    writeFileSync(
      join(generated, 'sdkconfig.h'),
      sdkconfigHeader(readFileSync(join(example, 'sdkconfig'), 'utf8')),
    );
  });
  after(() => rmSync(generated, { recursive: true, force: true }));

  // The generated sdkconfig.h comes first so it shadows the fake one of the header test.
  const idf = (): string[] => [
    '-DESP_PLATFORM',
    `-I${generated}`,
    `-I${fake}`,
    '-Icomponents/net/include',
  ];
  const sources: [string, string[]][] = [
    ['main/app_main.cpp', []],
    ['components/net/src/session.cpp', ['-Icomponents/net/src']],
    ['components/net/src/transport.cpp', ['-Icomponents/net/src']],
    ['components/media/src/pipeline.cpp', ['-Icomponents/media/src']],
    ['components/media/src/sim_clock.cpp', []],
    ['components/net/host_test/session_host_test.cpp', []],
  ];
  for (const [file, extra] of sources) {
    test(file, () => syntaxCheck([...idf(), ...extra, file]));
  }
  test('arduino/PsramSketch/PsramSketch.ino (Arduino.h included implicitly, as the core does)', () =>
    syntaxCheck([
      '-x',
      'c++',
      '-include',
      join(fake, 'Arduino.h'),
      'arduino/PsramSketch/PsramSketch.ino',
    ]));
});
