/**
 * Clear Heap Panel: a finished session becomes an empty one; a monitor still running keeps its
 * name and status, so the page does not offer "Nothing received yet" while its rows arrive.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapSession } from '../../../server/session/heapSession';
import type { HostMessage, MonitorStatus, SessionInfo } from '../../../server/protocol/webview';

/** A monitor session with `status`, then Clear: the session the page is reset to, and what followed. */
function clearWith(status: MonitorStatus): {
  reset: SessionInfo;
  sent: HostMessage[];
  status: MonitorStatus;
} {
  const sent: HostMessage[] = [];
  const s = new HeapSession({ host: (m) => sent.push(m), findings: () => undefined }, () => null);
  try {
    s.hydrate();
    s.begin('monitor', 'idf.py monitor');
    s.setStatus(status);
    sent.length = 0;
    s.clear();
    const reset = sent.find((m) => m.type === 'reset');
    assert.ok(reset?.type === 'reset', 'Clear resets the page');
    return { reset: reset.session, sent, status: s.store.currentStatus };
  } finally {
    s.dispose();
  }
}

describe('clearing the heap session', () => {
  test('a running monitor keeps its source, label and status', () => {
    const { reset, sent, status } = clearWith({ state: 'running', message: 'Monitor running.' });
    assert.deepEqual([reset.source, reset.label], ['monitor', 'idf.py monitor']);
    assert.ok(!sent.some((m) => m.type === 'status'), 'the running status stays');
    assert.equal(status.message, 'Monitor running.');
  });

  test('a finished session becomes an empty one, its status cleared', () => {
    const { reset, status } = clearWith({ state: 'exited', message: 'The monitor exited.' });
    assert.equal(reset.source, 'none');
    assert.deepEqual(status, { state: 'idle', message: '' });
  });
});
