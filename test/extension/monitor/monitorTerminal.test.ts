/**
 * The monitor's real code path (MonitorTerminal → MonitorProcess under a pty → the server's
 * HeapSession) with the fake serial device standing in for the board.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MonitorCommand } from '../../../extension/monitor/monitorCommand';
import { MonitorTerminal } from '../../../extension/monitor/monitorTerminal';
import { HeapModel } from '../../../server/heap/model';
import { parseLog } from '../../../server/logparse/parser';
import type { MonitorStatus } from '../../../server/protocol/webview';
import { HeapSession } from '../../../server/session/heapSession';

const device = join(__dirname, '..', '..', 'fixtures', 'device');
const session = join(device, 'webrtc-session.log');

function fakeDevice(...extra: string[]): MonitorCommand {
  const args = [join(device, 'fake-device.mjs'), '-p', '/dev/ttyFAKE0', 'monitor', ...extra];
  return { file: process.execPath, args, env: process.env, display: 'fake-device monitor' };
}

interface Run {
  terminal: MonitorTerminal;
  store: HeapSession;
  output: () => string;
  statuses: MonitorStatus[];
  finished: Promise<MonitorStatus>;
  chunks: number;
}

function start(command: MonitorCommand): Run {
  const store = new HeapSession(
    { host: () => undefined, findings: () => undefined },
    () => 'esp32s3',
  );
  store.begin('monitor', command.display);
  let text = '';
  const statuses: MonitorStatus[] = [];
  let done: (s: MonitorStatus) => void = () => undefined;
  const finished = new Promise<MonitorStatus>((r) => (done = r));
  const run: Run = {
    store,
    statuses,
    finished,
    chunks: 0,
    output: () => text,
    terminal: new MonitorTerminal({
      command,
      cwd: device,
      port: '/dev/ttyFAKE0',
      onOutput: (chunk) => {
        run.chunks++;
        store.push(chunk);
      },
      onStatus: (s) => {
        statuses.push(s);
        if (s.state !== 'running') {
          store.end();
          done(s);
        }
      },
    }),
  };
  run.terminal.onDidWrite((t) => (text += t));
  run.terminal.open({ columns: 100, rows: 30 });
  return run;
}

async function until(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('monitor through the pseudoterminal with the fake device', () => {
  test('the panel model ends with the allocations of the recorded session', async () => {
    const run = start(fakeDevice('--speed', '20'));
    const status = await run.finished;
    assert.equal(status.state, 'exited', status.message);
    assert.ok(run.chunks > 1, 'output arrived in several chunks, as it streamed');
    // Expected: the same log parsed at once by the real parser into a fresh model.
    const whole = parseLog(readFileSync(session), { chip: 'esp32s3' });
    const model = new HeapModel({ chip: 'esp32s3' });
    for (const e of whole.events) model.apply(e);
    const strip = (rows: ReturnType<HeapModel['allocations']>) =>
      rows.map(({ id: _id, line: _line, ...r }) => r);
    const got = run.store.state();
    assert.deepEqual(strip(got.rows), strip(model.allocations()));
    assert.deepEqual(got.snapshot.summary, model.snapshot().summary);
    const internal = got.rows.filter((r) => r.memory === 'internal');
    assert.ok(internal.length >= 4);
    assert.ok(internal.every((r) => r.caller?.file.includes('/webrtc-streamer/')));
    assert.ok(got.snapshot.failures.length >= 1);
    assert.match(run.output(), /Heap Trace Summary/);
    assert.match(run.output(), /PSRAM Lens: The monitor exited/);
  });

  test('keystrokes pass through unchanged, Ctrl+] ends the monitor', async () => {
    const run = start(fakeDevice('--speed', '50', '--hold'));
    await until(() => run.output().includes('I (2300) webrtc: streaming'), 'the session');
    run.terminal.handleInput('\x14');
    await until(() => run.output().includes('--- Ctrl+T received'), 'the Ctrl+T echo');
    run.terminal.handleInput('\x1d');
    const status = await run.finished;
    assert.equal(status.state, 'exited');
    assert.ok(run.store.state().rows.length > 0, 'the panel keeps its data');
    let closed = false;
    run.terminal.onDidClose(() => (closed = true));
    run.terminal.handleInput('x');
    assert.equal(closed, true, 'a key closes the ended monitor terminal');
  });

  test('a busy port gives a clear message', async () => {
    const run = start(fakeDevice('--busy'));
    const status = await run.finished;
    assert.equal(status.state, 'error');
    assert.match(status.message, /\/dev\/ttyFAKE0 is busy/);
  });

  test('a monitor that cannot start says so', async () => {
    const run = start({ file: '/nonexistent/idf.py', args: [], env: process.env, display: 'x' });
    const status = await run.finished;
    assert.equal(status.state, 'error');
    assert.match(status.message, /exited with code 127|could not be started/);
  });

  test('closing the terminal stops the monitor', async () => {
    const run = start(fakeDevice('--speed', '1', '--hold'));
    await until(() => run.output().includes('fake device'), 'the banner');
    run.terminal.close();
    const status = await run.finished;
    assert.notEqual(status.state, 'running');
    assert.equal(run.terminal.running, false);
  });
});
