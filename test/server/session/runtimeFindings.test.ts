import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  failureCandidates,
  internalAllocationCandidates,
} from '../../../server/session/runtimeFindings';
import { HeapModel } from '../../../server/heap/model';
import { parseLog } from '../../../server/logparse/parser';

const session = readFileSync(
  join(__dirname, '..', '..', 'fixtures', 'device', 'webrtc-session.log'),
);

describe('runtime findings from a recorded session', () => {
  const { events } = parseLog(session, { chip: 'esp32s3' });
  const model = new HeapModel({ chip: 'esp32s3' });
  for (const e of events) model.apply(e);

  test('internal-RAM allocations group by their caller line', () => {
    const c = internalAllocationCandidates(model.allocations());
    const internal = model
      .allocations()
      .filter((r) => r.memory === 'internal' && r.live && r.caller);
    const lines = new Set(internal.map((r) => `${r.caller!.file}:${r.caller!.fileLine}`));
    assert.equal(c.length, lines.size);
    assert.equal(
      c.reduce((n, x) => n + x.rowIds.length, 0),
      internal.length,
    );
    const track = c.find((x) => x.frames[0].file.endsWith('main/track.cpp'));
    assert.ok(track);
    assert.equal(track.rowIds.length, 3);
    assert.match(
      track.message,
      /3 live allocations \(3648 bytes\) from this line are in internal RAM/,
    );
    assert.ok(c.every((x) => x.frames[0].file.includes('/webrtc-streamer/')));
  });

  test('a failure takes the decoded backtrace printed after it (tracked by the heap model)', () => {
    const c = failureCandidates(model.failureList());
    assert.equal(c.length, 1);
    assert.deepEqual(
      c[0].frames.map((f) => `${f.file.split('/').pop()}:${f.line}`),
      ['heap_caps.c:176', 'channel.cpp:29', 'port.c:134'],
    );
    assert.match(c[0].message, /allocation of 4096 bytes \(caps 0x808\) failed/);
    // Dismissed failures (Clear Runtime Findings) do not come back.
    assert.deepEqual(failureCandidates(model.failureList(), model.failureList().at(-1)!.line), []);
  });
});
