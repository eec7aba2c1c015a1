/**
 * The heap session over the real bundled server (dist/server.js over Node IPC, as the extension
 * runs it): the monitor's bytes in, coalesced batches out that rebuild the server's model in the
 * webview's own model; saved and followed logs read by the server; runtime findings; and the
 * simulator's worker with its cap and cancellation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  CancellationTokenSource,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver-protocol';
import { PanelModel } from '../../../media/panel/panelModel';
import {
  type RuntimeCandidate,
  beginSessionNotification,
  clearSessionNotification,
  endSessionNotification,
  followLogRequest,
  hostMessageNotification,
  hydrateRequest,
  openLogRequest,
  panelStateRequest,
  runtimeFindingsNotification,
  sessionDataNotification,
  simulateRequest,
  stopFollowingRequest,
  viewHiddenNotification,
} from '../../../server/protocol/heapSession';
import type { HostMessage } from '../../../server/protocol/webview';
import { LspClient, ensureServerBundle, stopAndRemove } from './lspClient';
import { onNotification, sendNotification, sendRequest } from '../../../server/protocol/rpc';

const root = join(__dirname, '..', '..', '..');
const sessionLog = join(root, 'test/fixtures/device/webrtc-session.log');
let ws: string;
let lsp: LspClient;
const host: HostMessage[] = [];
let findings: RuntimeCandidate[][] = [];
/** Rows of the whole session log (set by the saved-log test). */
let wholeLogRows = 1;

before(async () => {
  ensureServerBundle();
  ws = mkdtempSync(join(tmpdir(), 'psram-lens-heap-'));
  cpSync(join(root, 'examples/webrtc-streamer'), join(ws, 'webrtc-streamer'), { recursive: true });
  cpSync(join(root, 'examples/scenarios'), join(ws, 'scenarios'), { recursive: true });
  lsp = await LspClient.start({ workspace: ws, transport: 'ipc' });
  onNotification(lsp.connection, hostMessageNotification, (m) => {
    host.push(m);
    lsp.wake();
  });
  onNotification(lsp.connection, runtimeFindingsNotification, (list) => {
    findings.push(list);
    lsp.wake();
  });
  await lsp.ready();
});

after(() => stopAndRemove(lsp, ws));

/** Plays host messages into the webview's own model, as the page does. */
function play(view: PanelModel, m: HostMessage): void {
  if (m.type === 'hydrate') view.replace(m.snapshot, m.rows, m.seq);
  else if (m.type === 'reset') view.replace(m.snapshot, [], 0);
  else if (m.type === 'batch') view.applyBatch(m.snapshot, m.added, m.updated, m.removed, m.seq);
}

/** Waits until the batches received rebuild the server's rows (at least `rows`) and snapshot exactly. */
async function viewMatchesServer(view: PanelModel, from: number, rows = 1): Promise<void> {
  let played = from;
  let state = await sendRequest(lsp.connection, panelStateRequest, undefined);
  await lsp.waitFor(() => {
    for (; played < host.length; played++) play(view, host[played]);
    const same =
      view.rows.length >= rows &&
      JSON.stringify(view.rows) === JSON.stringify(state.rows) &&
      JSON.stringify(view.snapshot) === JSON.stringify(state.snapshot);
    if (!same) {
      void sendRequest(lsp.connection, panelStateRequest, undefined).then((s) => {
        state = s;
        lsp.wake();
      });
    }
    return same;
  }, 'the batches to rebuild the server model');
}

describe('heap session in the language server', () => {
  test('monitor bytes in any chunking come back as batches that rebuild the model', async () => {
    const hydrate = await sendRequest(lsp.connection, hydrateRequest, undefined);
    assert.equal(hydrate.type, 'hydrate');
    assert.ok(hydrate.type === 'hydrate' && hydrate.sim.defaults.fields.chip === 'esp32s3');
    // Before any session the empty panel names the project's chip, not "unknown".
    assert.ok(hydrate.type === 'hydrate' && hydrate.snapshot.chip === 'esp32s3');
    const view = new PanelModel();
    play(view, hydrate);
    const from = host.length;
    findings = [];
    await sendNotification(lsp.connection, beginSessionNotification, {
      source: 'monitor',
      label: 'fake monitor',
    });
    const bytes = readFileSync(sessionLog);
    // Odd chunk sizes split lines, escape sequences and UTF-8 alike.
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const n = [1, 7, 300, 64, 2048][k % 5];
      const data = bytes.subarray(at, at + n).toString('latin1');
      await sendNotification(lsp.connection, sessionDataNotification, { data });
      at += n;
    }
    await sendNotification(lsp.connection, endSessionNotification, undefined);
    await viewMatchesServer(view, from);
    const state = await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.equal(state.session.source, 'monitor');
    assert.ok(state.rows.some((r) => r.memory === 'internal' && r.caller));
    assert.equal(host[from].type, 'reset');
    const batches = host.slice(from).filter((m) => m.type === 'batch').length;
    assert.ok(batches >= 1 && batches < 40, `${batches} batches for one small log`);
    // Findings: internal allocations by caller line, and the failure with its decoded backtrace.
    const last = await lsp.waitFor(
      () => findings.find((f) => f.some((c) => c.kind === 'allocationFailure')),
      'runtime findings',
    );
    assert.ok(last.some((c) => c.kind === 'internalAllocation'));
    const failure = last.find((c) => c.kind === 'allocationFailure')!;
    assert.deepEqual(
      failure.frames.map((f) => `${f.file.split('/').pop()}:${f.line}`),
      ['heap_caps.c:176', 'channel.cpp:29', 'port.c:134'],
    );
  });

  test('a saved log is read by the server, the same rows as streamed', async () => {
    const streamed = await sendRequest(lsp.connection, panelStateRequest, undefined);
    await sendRequest(lsp.connection, openLogRequest, { path: sessionLog });
    const opened = await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.equal(opened.session.source, 'file');
    assert.equal(opened.status.state, 'idle');
    // A saved log's own wording: its name and what it held (each failure counted once).
    assert.equal(
      opened.status.message,
      `Parsed ${basename(sessionLog)}: ${opened.rows.length} allocations, ${opened.snapshot.failures.length} failed allocation${opened.snapshot.failures.length === 1 ? '' : 's'}.`,
    );
    assert.deepEqual(opened.rows, streamed.rows);
    wholeLogRows = opened.rows.length;
    await assert.rejects(
      sendRequest(lsp.connection, openLogRequest, { path: join(ws, 'missing.log') }),
      (e: ResponseError<unknown>) => /^Cannot read .*missing\.log/.test(e.message),
    );
  });

  test('Clear empties the session and its stale status', async () => {
    await sendRequest(lsp.connection, openLogRequest, { path: sessionLog });
    // Handled in order: the request after the notification sees the cleared session.
    await sendNotification(lsp.connection, clearSessionNotification, undefined);
    const state = await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.equal(state.session.source, 'none');
    assert.deepEqual(state.status, { state: 'idle', message: '' });
    assert.equal(state.rows.length, 0);
    assert.equal(state.snapshot.chip, 'esp32s3');
  });

  test('a followed log: appends arrive, a truncation starts a new session, stop ends it', async () => {
    const file = join(ws, 'follow.log');
    const lines = readFileSync(sessionLog, 'latin1').split('\n');
    writeFileSync(file, lines.slice(0, 40).join('\n') + '\n', 'latin1');
    const view = new PanelModel();
    play(view, await sendRequest(lsp.connection, hydrateRequest, undefined));
    const from = host.length;
    await sendRequest(lsp.connection, followLogRequest, { path: file });
    appendFileSync(file, lines.slice(40).join('\n'), 'latin1');
    await viewMatchesServer(view, from, wholeLogRows);
    const state = await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.equal(state.status.state, 'running');
    const sessionId = state.session.id;
    writeFileSync(file, 'I (1) x: restarted\n');
    await lsp.waitFor(
      () => host.some((m, i) => i >= from && m.type === 'reset' && m.session.id > sessionId),
      'a new session after the truncation',
    );
    await sendRequest(lsp.connection, stopFollowingRequest, undefined);
    const stopped = await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.deepEqual(stopped.status, { state: 'idle', message: 'Stopped following the log.' });
  });

  test('a hidden view gets no batches until hydrated again', async () => {
    await sendNotification(lsp.connection, viewHiddenNotification, undefined);
    const from = host.length;
    await sendRequest(lsp.connection, openLogRequest, { path: sessionLog });
    await sendRequest(lsp.connection, panelStateRequest, undefined);
    assert.equal(host.length, from);
  });
});

describe('simulator in a server worker', () => {
  const builtIn = async (): Promise<string> => {
    const h = await sendRequest(lsp.connection, hydrateRequest, undefined);
    assert.ok(h.type === 'hydrate');
    const names = h.sim.scenarios.map((s) => s.path);
    assert.ok(names.includes('(built in)'));
    assert.ok(names.includes('scenarios/webrtc-streamer.json'), names.join(', '));
    assert.equal(h.sim.defaults.source, 'sdkconfig');
    return h.sim.scenarios[0].text;
  };
  const big = (count: number, times: number) =>
    JSON.stringify({
      chip: 'esp32s3',
      psramSize: '8MB',
      types: { T: { size: 64, align: 4 } },
      steps: [
        {
          op: 'repeat',
          times,
          steps: [
            { op: 'allocate', label: 'x', method: 'make_shared', type: 'T', count },
            { op: 'free', label: 'x' },
          ],
        },
      ],
    });

  test('a scenario runs and is kept for the next hydrate', async () => {
    const run = await sendRequest(lsp.connection, simulateRequest, {
      slot: 'a',
      text: await builtIn(),
    });
    assert.ok(run.rows.length >= 1000);
    const h = await sendRequest(lsp.connection, hydrateRequest, undefined);
    assert.ok(h.type === 'hydrate' && h.sim.runs.a?.name === run.name);
  });

  test('a listed workspace scenario reads its sdkconfigFile from its own folder, inside the workspace', async () => {
    await sendRequest(lsp.connection, hydrateRequest, undefined);
    // scenarios/webrtc-streamer.json names ../webrtc-streamer/sdkconfig.
    const text = readFileSync(join(ws, 'scenarios', 'webrtc-streamer.json'), 'utf8');
    const run = await sendRequest(lsp.connection, simulateRequest, {
      slot: 'b',
      text,
      origin: 'scenarios/webrtc-streamer.json',
    });
    assert.ok(run.rows.length > 0);
    // Typed text (no origin), or an origin the panel never listed: names resolve from the
    // workspace folder, and this one leads out of it.
    for (const origin of [undefined, '../../etc/scenario.json', 'webrtc-streamer/sdkconfig']) {
      await assert.rejects(
        sendRequest(lsp.connection, simulateRequest, { slot: 'b', text, origin }),
        (e: ResponseError<unknown>) =>
          /^scenario: sdkconfigFile: \.\.\/webrtc-streamer\/sdkconfig is outside /.test(e.message),
      );
    }
  });

  test('bad text and a scenario over the operation cap are one clear error', async () => {
    await assert.rejects(
      sendRequest(lsp.connection, simulateRequest, { slot: 'b', text: '{"chip":"esp99"}' }),
      (e: ResponseError<unknown>) => /scenario: .*chip/.test(e.message),
    );
    await assert.rejects(
      sendRequest(lsp.connection, simulateRequest, { slot: 'b', text: big(1000, 1000) }),
      (e: ResponseError<unknown>) => /limit/.test(e.message) && !/\n/.test(e.message),
    );
  });

  test('cancelling a run ends its worker; the server goes on', async () => {
    const cancel = new CancellationTokenSource();
    const t0 = performance.now();
    const run = sendRequest(
      lsp.connection,
      simulateRequest,
      { slot: 'b', text: big(1000, 240) },
      cancel.token,
    );
    setTimeout(() => cancel.cancel(), 30);
    await assert.rejects(
      run,
      (e: ResponseError<unknown>) => e.code === LSPErrorCodes.RequestCancelled,
    );
    assert.ok(performance.now() - t0 < 5000, 'the cancelled run stopped at once');
    // The next runs get fresh threads, two at once each their own.
    const text = await builtIn();
    const [a, b] = await Promise.all([
      sendRequest(lsp.connection, simulateRequest, { slot: 'a', text }),
      sendRequest(lsp.connection, simulateRequest, { slot: 'b', text }),
    ]);
    assert.deepEqual(a.totals, b.totals);
  });
});
