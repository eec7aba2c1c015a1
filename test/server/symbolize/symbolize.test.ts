/**
 * Symbolization against real cross-compiled ELFs and the real cross addr2line (RISC-V rv32 and
 * Xtensa): a monitor log with no decode lines gets every allocation's source line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import type { HeapTraceEvent, SymbolInfo, TextEvent } from '../../../server/protocol/events';
import { parseLog } from '../../../server/logparse/parser';
import { Addr2Line } from '../../../server/symbolize/addr2line';
import { EventSymbolizer } from '../../../server/symbolize/annotate';
import { HeapModel } from '../../../server/heap/model';
import { buildApp, monitorLog, TOOLCHAINS } from './crossElf';

const where = (s: SymbolInfo | null | undefined): string =>
  s ? `${s.file.split('/').pop()}:${s.fileLine}` : 'none';

for (const tc of TOOLCHAINS) {
  describe(`symbolization with ${tc.addr2line}`, () => {
    const app = buildApp(tc);
    const at = (site: string): string => `app.cpp:${app.siteLine[site]}`;

    test('every heap-trace record and the abort backtrace decode to their source line', async () => {
      const { events } = parseLog(monitorLog(app), { chip: 'esp32c3' });
      const a2l = new Addr2Line({ tool: tc.addr2line, elf: app.elf });
      try {
        await new EventSymbolizer(a2l).annotate(events);
      } finally {
        a2l.close();
      }
      const trace = events.find((e): e is HeapTraceEvent => e.kind === 'heapTrace');
      assert.ok(trace);
      assert.deepEqual(
        trace.records.map((r) => where(r.site)),
        [at('sensor'), at('frame'), at('buffer')],
      );
      // The full chain is kept: operator new, then the inlined make_shared in the user's function.
      const chain = trace.records[0].symbols ?? [];
      assert.equal(chain[0].function, 'operator new(unsigned int)');
      assert.deepEqual(
        [chain[1].function, ...(chain[1].inlinedBy ?? []).map((f) => f.function)],
        [
          'app::Sensor* std::__allocate_shared<app::Sensor>()',
          'app::Sensor* std::make_shared<app::Sensor>()',
          'app::make_sensor()',
        ],
      );
      assert.equal(where(chain[2]), at('main'));
      const bt = events.find((e): e is TextEvent => e.kind === 'text' && e.note === 'backtrace');
      assert.equal(bt?.frames?.length, 3);
      assert.equal(where(bt?.site), at('sensor'));
    });

    test('the heap model counts the bytes by source line', async () => {
      const { events } = parseLog(monitorLog(app), { chip: 'esp32c3' });
      const a2l = new Addr2Line({ tool: tc.addr2line, elf: app.elf });
      await new EventSymbolizer(a2l).annotate(events);
      a2l.close();
      const model = new HeapModel({ chip: 'esp32c3' });
      for (const e of events) model.apply(e);
      const sites = model.snapshot().sites ?? [];
      assert.deepEqual(
        sites.map((s) => [s.key.split('/').pop(), s.internalBytes, s.liveCount]),
        [
          [at('frame'), 1500, 1],
          [at('buffer'), 256, 1],
          [at('sensor'), 96, 1],
        ],
      );
    });

    test('one process for many addresses, a cache per address, a restart when the ELF changes', async () => {
      const a2l = new Addr2Line({ tool: tc.addr2line, elf: app.elf });
      try {
        const first = await a2l.decode([app.at.L_buffer, app.at.L_new, 0x12, app.at.L_buffer]);
        assert.equal(where(first.get(app.at.L_buffer)), at('buffer'));
        assert.equal(first.get(0x12), null);
        // Two batches in flight at once resolve in order.
        const [x, y] = await Promise.all([
          a2l.decode([app.at.L_psram]),
          a2l.decode([app.at.L_main_sensor]),
        ]);
        const inlined = x.get(app.at.L_psram)?.inlinedBy ?? [];
        assert.equal(`app.cpp:${inlined[0]?.fileLine}`, at('frame'));
        assert.equal(where(y.get(app.at.L_main_sensor)), at('main'));
        assert.equal(a2l.starts, 1);
        // Rebuilt with the code three lines further down: the cache is dropped, the process restarts.
        const moved = buildApp(tc, { dir: app.dir, extraLines: 3 });
        utimesSync(app.elf, new Date(), new Date(Date.now() + 5000));
        await new Promise((r) => setTimeout(r, 600));
        const again = await a2l.decode([moved.at.L_buffer]);
        assert.equal(where(again.get(moved.at.L_buffer)), `app.cpp:${app.siteLine.buffer + 3}`);
        assert.equal(a2l.starts, 2);
      } finally {
        a2l.close();
      }
    });
  });
}

describe('symbolization fallbacks', () => {
  test('a missing tool is reported once; the monitor decodes still give sites', async () => {
    const notices: string[] = [];
    const a2l = new Addr2Line({ tool: '/nonexistent/addr2line', elf: __filename });
    const sym = new EventSymbolizer(a2l, { onNotice: (m) => notices.push(m) });
    const log = [
      '====== Heap Trace: 1 records (10 capacity) ======',
      '    96 bytes (@ 0x3fc9a010, Internal) allocated CPU 0 ccount 0x1 caller 0x42001234:0x42005678',
      '0x42001234: operator new(unsigned int) at /opt/esp/tools/gcc/libstdc++-v3/new_op.cc:50',
      '0x42005678: app::make_sensor() at /p/main/app.cpp:55',
      '================================',
      'Backtrace: 0x42009999:0x3fc98e40',
    ].join('\n');
    const { events } = parseLog(log, { chip: 'esp32c3' });
    await sym.annotate(events);
    await sym.annotate(events);
    assert.equal(notices.length, 1);
    assert.match(notices[0], /cannot decode addresses/);
    const trace = events.find((e): e is HeapTraceEvent => e.kind === 'heapTrace');
    assert.equal(where(trace?.records[0].site), 'app.cpp:55');
    a2l.close();
  });
});
