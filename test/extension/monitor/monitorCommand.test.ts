import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isValidPort,
  programSetting,
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

describe('hostile settings (untrusted repositories)', () => {
  test('${port} is substituted into words after splitting: a port cannot add words', () => {
    for (const port of ['x; touch PWNED', '/dev/tty0 --evil', "/dev/x' y", '$(reboot)', '`id`']) {
      const r = resolveMonitorCommand({
        ...base,
        command: `sh -c 'my-monitor -p \${port}'`,
        port,
        env: { PATH: '/bin:/usr/bin' },
      });
      assert.equal(r.ok, false, port);
      if (!r.ok) {
        assert.match(r.message, /is not a device path .* or an rfc2217:\/\/ or socket:\/\/ URL/);
      }
    }
    const ok = resolveMonitorCommand({
      ...base,
      command: 'my-monitor --port=${port} "${port} x"',
      port: '/dev/ttyACM0',
      env: { PATH: bin },
    });
    assert.ok(ok.ok);
    if (ok.ok) assert.deepEqual(ok.command.args, ['--port=/dev/ttyACM0', '/dev/ttyACM0 x']);
  });

  test('ports: device paths and rfc2217:// / socket:// URLs only', () => {
    for (const good of [
      '/dev/ttyUSB0',
      '/dev/cu.usbserial-0001',
      '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0',
      'COM3',
      '\\\\.\\COM12',
      'rfc2217://localhost:4000',
      'socket://192.168.1.5:3333',
      'rfc2217://[::1]:4000',
    ]) {
      assert.ok(isValidPort(good), good);
    }
    for (const bad of [
      'ttyUSB0',
      '/dev/tty USB0',
      '/dev/x;y',
      'http://x:1',
      'rfc2217://x',
      'socket://h:1/?a&b',
      '-p',
    ]) {
      assert.ok(!isValidPort(bad), bad);
    }
  });

  test('idf.* settings naming programs: user values only, workspace values reported', () => {
    assert.deepEqual(
      programSetting('idf.pythonBinPath', {
        globalValue: '/usr/bin/python3',
        workspaceValue: '/tmp/evil.sh',
      }),
      {
        value: '/usr/bin/python3',
        ignored:
          'idf.pythonBinPath from the workspace settings is ignored: only user settings may name a program.',
      },
    );
    assert.equal(
      programSetting('idf.espIdfPath', { workspaceFolderValue: '/tmp/evil' }).value,
      undefined,
    );
    assert.deepEqual(programSetting('idf.espIdfPath', { globalValue: '/opt/idf' }), {
      value: '/opt/idf',
      ignored: null,
    });
    assert.deepEqual(programSetting('idf.espIdfPath', undefined), {
      value: undefined,
      ignored: null,
    });
  });
});
