/**
 * The Simulator tab's replay of the session: scenarios that parse like any scenario file, as
 * recorded and with the top internal site moved to the PSRAM factory (more internal RAM left).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeapSession } from '../../../server/session/heapSession';
import { parseScenario } from '../../../server/sim/scenario';
import { runScenario } from '../../../server/sim/runner';
import { replayMetrics } from '../../../server/sim/replay';

const LOG = join(__dirname, '..', '..', '..', 'examples', 'webrtc-streamer', 'logs', 'monitor.log');

describe('session replay scenarios', () => {
  test('as recorded (A) and the top site → factory (B): B leaves more internal RAM', () => {
    const session = new HeapSession(
      { host: () => undefined, findings: () => undefined },
      () => null,
    );
    try {
      assert.deepEqual(session.replayScenarios(), []);
      session.begin('file', 'monitor.log');
      session.push(readFileSync(LOG));
      session.end();
      const entries = session.replayScenarios();
      assert.deepEqual(
        entries.map((e) => e.name),
        [
          'This session as recorded (78 allocations)',
          'This session, main/track.cpp:20 → PSRAM factory',
        ],
      );
      const [a, b] = entries.map((e) =>
        replayMetrics(runScenario(parseScenario(JSON.parse(e.text)))),
      );
      assert.ok(b.minFreeInternal - a.minFreeInternal >= 77_824);
    } finally {
      session.dispose();
    }
  });
});
