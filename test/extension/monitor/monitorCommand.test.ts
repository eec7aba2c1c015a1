import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  resolveMonitorCommand,
  splitCommandLine,
  type MonitorCommandInputs,
} from '../../../extension/monitor/monitorCommand';
import { ptyArgv, shellQuote } from '../../../extension/monitor/monitorProcess';

const dir = mkdtempSync(join(tmpdir(), 'psram-lens-path-'));
const bin = join(dir, 'bin');
mkdirSync(bin);
for (const name of ['idf.py', 'my-monitor']) {
  writeFileSync(join(bin, name), '#!/bin/sh\n');
  chmodSync(join(bin, name), 0o755);
}
const base: MonitorCommandInputs = {
  command: 'idf.py',
  port: '/dev/ttyUSB0',
  env: { PATH: '/nonexistent' },
  platform: 'linux',
};

describe('which monitor runs', () => {
  test('idf.espIdfPath wins, with its python and IDF_PATH', () => {
    const r = resolveMonitorCommand({
      ...base,
      idfEspIdfPath: '/opt/esp-idf',
      idfPythonBinPath: '/py/bin/python',
    });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.command.file, '/py/bin/python');
    assert.deepEqual(r.command.args, [
      '/opt/esp-idf/tools/idf.py',
      '-p',
      '/dev/ttyUSB0',
      'monitor',
    ]);
    assert.equal(r.command.env.IDF_PATH, '/opt/esp-idf');
  });
  test('else idf.py on PATH; an empty port lets idf.py choose', () => {
    const r = resolveMonitorCommand({ ...base, port: '', env: { PATH: bin } });
    assert.ok(r.ok);
    if (r.ok) {
      assert.deepEqual([r.command.file, ...r.command.args], [join(bin, 'idf.py'), 'monitor']);
    }
  });
  test('else IDF_PATH from the environment', () => {
    const r = resolveMonitorCommand({ ...base, env: { PATH: '/nonexistent', IDF_PATH: '/idf' } });
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.command.args[0], '/idf/tools/idf.py');
  });
  test('else a clear message naming the settings', () => {
    const r = resolveMonitorCommand(base);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(
        r.message,
        /idf\.py was not found: set idf\.espIdfPath .*psramLens\.monitor\.command/,
      );
    }
  });
  test('a custom command line, with ${port}, found on PATH', () => {
    const r = resolveMonitorCommand({
      ...base,
      command: 'my-monitor --port ${port} "a b"',
      env: { PATH: bin },
    });
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.command.args, ['--port', '/dev/ttyUSB0', 'a b']);
    const missing = resolveMonitorCommand({ ...base, command: 'nope-monitor' });
    assert.equal(missing.ok, false);
  });
  test('command lines split on blanks and quotes; the pty wrapper quotes safely', () => {
    assert.deepEqual(splitCommandLine(` a  "b c" 'd "e"' f`), ['a', 'b c', 'd "e"', 'f']);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('/dev/ttyUSB0'), '/dev/ttyUSB0');
    const argv = ptyArgv(
      {
        file: '/x/idf.py',
        args: ['-p', 'COM 3', 'monitor'],
        env: { PATH: '/usr/bin:/bin' },
        display: '',
      },
      { cwd: '/', columns: 80, rows: 24, platform: 'linux' },
    );
    assert.match(argv.file, /script$/);
    assert.deepEqual(argv.args.slice(0, 1), ['-qfec']);
    assert.match(argv.args[1], /stty cols 80 rows 24 .*exec \/x\/idf\.py -p 'COM 3' monitor$/);
    const win = ptyArgv(
      { file: 'idf.py', args: ['monitor'], env: {}, display: '' },
      { cwd: '/', columns: 80, rows: 24, platform: 'win32' },
    );
    assert.deepEqual(win, { file: 'idf.py', args: ['monitor'] });
  });
});
