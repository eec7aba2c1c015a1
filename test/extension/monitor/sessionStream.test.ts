import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_COALESCE_MS, SessionStream } from '../../../extension/monitor/sessionStream';
import {
  beginSessionNotification,
  endSessionNotification,
  monitorStatusNotification,
  sessionDataNotification,
} from '../../../server/protocol/heapSession';

function recorder(): { sent: [string, unknown][]; stream: SessionStream } {
  const sent: [string, unknown][] = [];
  return { sent, stream: new SessionStream((method, params) => sent.push([method, params])) };
}

describe('the monitor stream to the server', () => {
  test('chunks within the window go out as one latin1 message, bytes intact', async () => {
    const { sent, stream } = recorder();
    stream.begin('idf.py monitor');
    // Every byte value, split inside a UTF-8 sequence on purpose.
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    stream.push(bytes.subarray(0, 100));
    stream.push(Buffer.from('é').subarray(0, 1));
    stream.push(bytes.subarray(100));
    assert.equal(sent.length, 1, 'nothing sent before the window closes');
    await new Promise((r) => setTimeout(r, DATA_COALESCE_MS * 5));
    assert.deepEqual(
      sent.map(([m]) => m),
      [beginSessionNotification.method, sessionDataNotification.method],
    );
    const data = (sent[1][1] as { data: string }).data;
    assert.deepEqual(
      Buffer.from(data, 'latin1'),
      Buffer.concat([bytes.subarray(0, 100), Buffer.from('é').subarray(0, 1), bytes.subarray(100)]),
    );
  });

  test('end and status flush first; a new session drops what the old one had not sent', () => {
    const { sent, stream } = recorder();
    stream.begin('a');
    stream.push(Buffer.from('I (1) x: one\n'));
    stream.status({ state: 'running', message: 'm' });
    stream.push(Buffer.from('I (2) x: two\n'));
    stream.end();
    stream.push(Buffer.from('stale'));
    stream.begin('b');
    assert.deepEqual(
      sent.map(([m]) => m),
      [
        beginSessionNotification.method,
        sessionDataNotification.method,
        monitorStatusNotification.method,
        sessionDataNotification.method,
        endSessionNotification.method,
        beginSessionNotification.method,
      ],
    );
  });
});
