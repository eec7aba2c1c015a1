/**
 * The language server's heap session decodes addresses against the project's ELF (a real
 * cross-compiled one, real addr2line) before the model sees them, keeps events in order, and its
 * runtime findings quote the run per line (count, bytes, internal peak, what migrating frees).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuntimeCandidate } from '../../../server/protocol/heapSession';
import { HeapSession } from '../../../server/session/heapSession';
import { buildApp, monitorLog, TOOLCHAINS } from '../symbolize/crossElf';

const tc = TOOLCHAINS[0];

describe('heap session with an ELF', () => {
  test('a log without decode lines gets every allocation site, and findings quote the run', async () => {
    const app = buildApp(tc);
    let findings: RuntimeCandidate[] = [];
    const notices: string[] = [];
    const session = new HeapSession(
      { host: () => undefined, findings: (c) => (findings = c), notice: (m) => notices.push(m) },
      () => 'esp32c3',
      () => ({ elf: app.elf, addr2line: tc.addr2line, chip: 'esp32c3' }),
    );
    try {
      session.begin('file', 'monitor.log');
      const text = monitorLog(app);
      // Split mid-way: the second chunk must not overtake the first while it is being decoded.
      session.push(text.slice(0, 200));
      session.push(text.slice(200));
      session.end();
      for (let i = 0; i < 200 && findings.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const sites = session.store.sites().map((s) => `${s.file?.split('/').pop()}:${s.fileLine}`);
      assert.deepEqual(
        sites,
        ['frame', 'buffer', 'sensor'].map((s) => `app.cpp:${app.siteLine[s]}`),
      );
      assert.deepEqual(notices, []);
      const frame = findings.find((f) => f.frames[0]?.line === app.siteLine.frame);
      assert.match(
        frame?.message ?? '',
        /^Device run: 1 live allocation \(1500 bytes\) from this line is in internal RAM, not PSRAM; 1,500 B in internal RAM at peak\. Migrating this line to the PSRAM factory frees it\.$/,
      );
    } finally {
      session.dispose();
    }
  });

  test('without a decoder the session is unchanged (untrusted workspace)', () => {
    const session = new HeapSession(
      { host: () => undefined, findings: () => undefined },
      () => null,
    );
    session.begin('file', 'x');
    session.push('I (1) heap_init: Initializing. RAM available for dynamic allocation:\n');
    session.end();
    assert.equal(session.state().rows.length, 0);
    session.dispose();
  });
});
