/**
 * `psram-lens parse-log --elf/--addr2line`, and the ELF and addr2line found from the project
 * (build/project_description.json, the ESP-IDF tools directory) when they are not given.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeapTraceEvent } from '../../../server/protocol/events';
import { buildApp, monitorLog, TOOLCHAINS } from './crossElf';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'server', 'cli', 'main.ts');
const RISCV = TOOLCHAINS[0];

function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'), MAIN, ...args],
    {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      encoding: 'utf8',
    },
  );
}

describe('psram-lens parse-log with an ELF', () => {
  const app = buildApp(RISCV);
  const log = join(app.dir, 'monitor.log');
  writeFileSync(log, monitorLog(app));
  const sites = (stdout: string): string[] => {
    const doc = JSON.parse(stdout) as { events: { kind: string }[] };
    const trace = doc.events.find((e): e is HeapTraceEvent => e.kind === 'heapTrace');
    return (trace?.records ?? []).map(
      (r) => `${r.site?.file.split('/').pop()}:${r.site?.fileLine}`,
    );
  };
  const expected = ['sensor', 'frame', 'buffer'].map((s) => `app.cpp:${app.siteLine[s]}`);
  // The ELF and addr2line given on the command line.
  const withElf = ['--chip', 'esp32c3', '--elf', app.elf, '--addr2line', RISCV.addr2line];

  test('--elf and --addr2line decode every record; the summary ranks the sites', () => {
    const r = cli(['parse-log', log, '--json', ...withElf]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(sites(r.stdout), expected);
    const summary = cli(['parse-log', log, ...withElf]);
    assert.equal(summary.status, 0, summary.stderr);
    const table = summary.stdout.slice(summary.stdout.indexOf('top allocation sites:'));
    const order = ['frame', 'buffer', 'sensor'].map((s) =>
      table.indexOf(`app.cpp:${app.siteLine[s]}`),
    );
    assert.ok(
      order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])),
      table,
    );
    assert.match(table, /1,500 .*\/app\.cpp:\d+ \(app::make_frame\)/);
  });

  test('without --elf: the ELF from build/project_description.json, addr2line from the ESP-IDF tools', () => {
    const project = join(app.dir, 'project');
    mkdirSync(join(project, 'build'), { recursive: true });
    writeFileSync(
      join(project, 'build', 'project_description.json'),
      JSON.stringify({
        build_dir: join(project, 'build'),
        app_elf: '../../app.elf',
        target: 'esp32c3',
      }),
    );
    const bin = join(
      app.dir,
      'idf-tools',
      'tools',
      'riscv32-esp-elf',
      'esp-14.2.0_20241119',
      'riscv32-esp-elf',
      'bin',
    );
    mkdirSync(bin, { recursive: true });
    symlinkSync(`/usr/bin/${RISCV.addr2line}`, join(bin, 'riscv32-esp-elf-addr2line'));
    const env = {
      ...process.env,
      IDF_TOOLS_PATH: join(app.dir, 'idf-tools'),
      PATH: '/usr/local/bin:/bin',
    };
    const r = cli(['parse-log', log, '--json'], { cwd: project, env });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(sites(r.stdout), expected);
  });

  test('no ELF: said once on stderr, records keep their raw callers', () => {
    const r = cli(['parse-log', log, '--json', '--chip', 'esp32c3'], { cwd: app.dir });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /no application ELF/);
    assert.deepEqual(sites(r.stdout), [
      'undefined:undefined',
      'undefined:undefined',
      'undefined:undefined',
    ]);
  });
});
