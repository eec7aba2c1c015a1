/**
 * Clear Heap Panel: a finished session becomes an empty one; a monitor still running keeps its
 * name and status, so the page does not offer "Nothing received yet" while its rows arrive.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapSession } from '../../../server/session/heapSession';
import type { HostMessage } from '../../../server/protocol/webview';

function session(): { s: HeapSession; sent: HostMessage[] } {
  const sent: HostMessage[] = [];
  const s = new HeapSession({ host: (m) => sent.push(m), findings: () => undefined }, () => null);
  s.hydrate();
  return { s, sent };
}

describe('clearing the heap session', () => {
  test('a running monitor keeps its source, label and status', () => {
    const { s, sent } = session();
    try {
      s.begin('monitor', 'idf.py monitor');
      s.setStatus({ state: 'running', message: 'Monitor running.' });
      sent.length = 0;
      s.clear();
      const reset = sent.find((m) => m.type === 'reset');
      assert.ok(reset && reset.type === 'reset');
      assert.equal(reset.session.source, 'monitor');
      assert.equal(reset.session.label, 'idf.py monitor');
      assert.ok(!sent.some((m) => m.type === 'status'), 'the running status stays');
      assert.equal(s.store.currentStatus.message, 'Monitor running.');
    } finally {
      s.dispose();
    }
  });

  test('a finished session becomes an empty one, its status cleared', () => {
    const { s, sent } = session();
    try {
      s.begin('monitor', 'idf.py monitor');
      s.setStatus({ state: 'exited', message: 'The monitor exited.' });
      sent.length = 0;
      s.clear();
      const reset = sent.find((m) => m.type === 'reset');
      assert.ok(reset && reset.type === 'reset');
      assert.equal(reset.session.source, 'none');
      assert.deepEqual(s.store.currentStatus, { state: 'idle', message: '' });
    } finally {
      s.dispose();
    }
  });
});
