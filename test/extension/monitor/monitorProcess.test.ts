/**
 * The monitor's process tree never outlives its owner: after stop(), after the extension host
 * exits, and after the host is killed outright (SIGKILL: no code of ours runs), no process of the
 * monitor's group survives. Real processes: `script`, a shell and its background children.
 */
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MonitorProcess } from '../../../extension/monitor/monitorProcess';

const root = join(__dirname, '..', '..', '..');
/** A monitor that starts grandchildren, as idf.py starts esp-idf-monitor. */
const tree = {
  file: '/bin/sh',
  args: ['-c', 'sleep 300 & sleep 300 & wait'],
  env: process.env,
  display: 'tree',
};

/** Live (non-zombie) processes whose process group is `pgid`. */
function group(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(name));
  }
  return out;
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A stand-in extension host: starts a monitor, prints its pid, then does what `then` says. */
function host(then: 'wait' | 'exit'): Promise<{ host: number; pgid: number }> {
  const code = `
    const { MonitorProcess } = require(${JSON.stringify(join(root, 'extension/monitor/monitorProcess.ts'))});
    const m = new MonitorProcess(${JSON.stringify(tree)}, { cwd: '/', columns: 80, rows: 24 }, { onData() {}, onExit() {} });
    setTimeout(() => { console.log(m.pid); ${then === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'} }, 500);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout
      .setEncoding('utf8')
      .once('data', (s: string) => resolve({ host: child.pid!, pgid: Number(s.trim()) }));
    child.once('exit', (c) => reject(new Error(`host exited early (${c})`)));
  });
}

void describe(
  'the monitor process tree',
  { skip: process.platform === 'win32' && 'POSIX process groups' },
  () => {
    void test('stop() ends every process of the monitor', async () => {
      let exited = false;
      const m = new MonitorProcess(
        tree,
        { cwd: '/', columns: 80, rows: 24 },
        { onData: () => undefined, onExit: () => (exited = true) },
      );
      const pgid = m.pid!;
      await until('the tree to start', () => group(pgid).length >= 3);
      m.stop();
      await until('the group to be gone', () => group(pgid).length === 0 && exited);
    });

    void test('the extension host exiting ends the monitor', async () => {
      const { pgid } = await host('exit');
      await until(`group ${pgid} to be gone`, () => group(pgid).length === 0, 5000);
    });

    void test('the extension host killed with SIGKILL: the watchdog ends the monitor', async () => {
      const { host: pid, pgid } = await host('wait');
      await until('the tree to start', () => group(pgid).length >= 3);
      process.kill(pid, 'SIGKILL');
      await until(`group ${pgid} to be gone`, () => group(pgid).length === 0, 8000);
    });
  },
);
