// The exthost bench's profile reading (test/e2e/lib/cpuProfile.ts) on a hand-made profile.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CpuProfile, describeBlock, profileBlocks } from '../e2e/lib/cpuProfile';

const frame = (functionName: string, url = '') => ({
  functionName,
  url,
  lineNumber: 0,
  columnNumber: 0,
});

// root -> idle; root -> host -> ours; root -> host -> gc
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('deliver', 'file:///vscode/host.js'), children: [4, 5] },
    { id: 4, callFrame: frame('push', 'file:///ext/dist/extension.js') },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  // Sample i lasts until sample i + 1 (deltas in microseconds).
  samples: [2, 3, 4, 5, 2, 4, 2],
  timeDeltas: [0, 1000, 1000, 2000, 30000, 1000, 500],
};

test('blocks are runs of busy samples, longest first, with the time of our code', () => {
  const blocks = profileBlocks(profile, (url) => url.includes('/ext/dist/'));
  assert.deepEqual(
    blocks.map((b) => [b.atMs, b.ms, b.oursMs, b.longestGapMs]),
    [
      [1, 33, 2, 30],
      [35, 0.5, 0.5, 0.5],
    ],
  );
  assert.equal(blocks[0]!.samples[1]!.stack[0]!.functionName, 'push');
  assert.equal(
    describeBlock(blocks[0]),
    '33.0 ms (2.0 ms with our code on the stack; samples up to 30.0 ms apart)',
  );
  assert.equal(describeBlock(undefined), 'none');
});
