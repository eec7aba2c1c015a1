import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWebviewMessage } from '../../../server/protocol/webview';

describe('webview message validation', () => {
  test('accepts every message kind the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'ack', seq: 3, rows: 1200 },
      { type: 'openSource', file: '/home/dev/p/main/main.cpp', line: 16 },
      { type: 'runScenario', slot: 'b', text: '{"chip":"esp32s3","steps":[]}' },
      { type: 'runScenario', slot: 'a', text: '{}', origin: 'scenarios/a.json' },
      { type: 'command', command: 'startMonitor' },
    ]) {
      assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m });
    }
  });

  test('rejects unknown types, unknown commands, extra fields and bad numbers with a reason', () => {
    const bad: [unknown, RegExp][] = [
      [{ type: 'exec', command: 'rm -rf /' }, /type/],
      [{ type: 'command', command: 'workbench.action.terminal.sendSequence' }, /command/],
      [{ type: 'openSource', file: '/etc/passwd', line: 0 }, /line/],
      [{ type: 'ready', extra: 1 }, /invalid webview message/],
      [{ type: 'ack', seq: -1, rows: 0 }, /seq/],
      [{ type: 'runScenario', slot: 'c', text: '' }, /slot/],
      [{ type: 'runScenario', slot: 'a', text: '', origin: 7 }, /origin/],
      [{ type: 'runScenario', slot: 'a', text: '', origin: '' }, /origin/],
      ['ready', /invalid webview message/],
      [null, /invalid webview message/],
    ];
    for (const [raw, why] of bad) {
      const r = parseWebviewMessage(raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, why);
    }
  });

  test('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = parseWebviewMessage(x);
        assert.equal(typeof r.ok, 'boolean');
      }),
    );
  });
});
