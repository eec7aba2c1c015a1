import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupSummary } from '../../../server/sim/result';
import { groupTable } from '../../../server/sim/summary';

describe('simulation tables', () => {
  test('a long label widens its column: every row keeps the columns aligned', () => {
    const group = (label: string): GroupSummary =>
      ({
        label,
        method: 'make_shared',
        objects: 1,
        requestedBytes: 52,
        internalBytes: 56,
        psramBytes: 0,
        failed: 0,
      }) as GroupSummary;
    const lines = groupTable([
      group('PeerConnection (make_shared)'),
      group('IceCandidate (make_shared, observed by weak_ptr)'),
    ]).split('\n');
    const methodAt = lines.map((l) =>
      l.lastIndexOf(l.startsWith('label') ? 'method' : 'make_shared'),
    );
    assert.equal(new Set(methodAt).size, 1, lines.join('\n'));
    assert.equal(new Set(lines.map((l) => l.length)).size, 1, 'rows end at the same column');
  });
});
