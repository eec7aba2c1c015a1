/**
 * The heap panel page in Chromium on real data: a recorded monitor session through the real
 * parser and store, and the simulator tab running the real simulator (see panelHarness.ts).
 * Their screenshots (test-results/) are the README's pictures (copied to docs/images/ by hand, so
 * a test run never changes tracked files).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeapSession } from '../../server/session/heapSession';
import { PanelStore } from '../../server/session/panelStore';
import { projectDefaults, runScenarioText, scenarioEntries } from '../../server/session/simulation';
import { loadProject } from '../../server/project/discovery';
import { closeBrowser, openPanelPage, waitForRows } from './panelHarness';

const root = join(__dirname, '..', '..');
const shots = join(root, 'test-results');
mkdirSync(shots, { recursive: true });
const ready = waitForRows;

after(closeBrowser);

describe('heap panel page on real data', () => {
  test('a recorded monitor session: reserve pool, failures, internal rows with callers', async () => {
    // The server's session, in process: the page only sees its store's messages.
    const session = new HeapSession(
      { host: () => undefined, findings: () => undefined },
      () => 'esp32s3',
    );
    session.begin('monitor', 'idf.py -p /dev/ttyUSB0 monitor');
    session.push(readFileSync(join(root, 'test/fixtures/device/webrtc-session.log')));
    session.end();
    const store = session.store;
    const expected = store.state();
    const p = await openPanelPage({ store, theme: 'dark', height: 700 });
    try {
      await ready(p, expected.rows.length);
      const reserve = await p.frame.textContent('[data-testid=reserve-pool]');
      assert.match(reserve ?? '', new RegExp(`${expected.snapshot.reservePool! / 1024}\\.0 KiB`));
      await p.frame.selectOption('#f-memory', 'internal');
      const internal = expected.rows.filter((r) => r.memory === 'internal');
      await p.waitUntil(`psramLensPanel.visibleRows().length === ${internal.length}`);
      const callers = await p.frame.$$eval('.grid-row:not([hidden]) a.caller .loc', (l) =>
        l.map((x) => x.textContent),
      );
      assert.deepEqual(
        callers,
        internal.map((r) => `${r.caller!.file.split('/').pop()}:${r.caller!.fileLine}`),
      );
      const chart = (await p.frame.evaluate('psramLensPanel.chart().data')) as {
        failureCount: number;
      };
      assert.equal(chart.failureCount, expected.snapshot.failures.length);
      await p.frame.click(`#row-${internal[1].id} a.caller`);
      const open = await p.waitForMessage((m) => m.type === 'openSource');
      assert.deepEqual(open, {
        type: 'openSource',
        file: internal[1].caller!.file,
        line: internal[1].caller!.fileLine,
      });
      await p.page.screenshot({ path: join(shots, 'panel-recorded-dark.png') });
      assert.deepEqual(p.problems, []);
    } finally {
      await p.close();
    }
  });

  test('simulator: pick a scenario with project defaults, run std and factory side by side', async () => {
    const store = new PanelStore('esp32s3');
    const dir = join(root, 'examples/scenarios');
    store.sim.scenarios = scenarioEntries(
      readdirSync(dir).map((f) => join(dir, f)),
      root,
    );
    const project = await loadProject(join(root, 'examples/webrtc-streamer'));
    store.sim.defaults = projectDefaults(project, root);
    const seed = store.sim.scenarios.findIndex((s) => s.path.endsWith('seed-esp32s3.json'));
    assert.ok(seed >= 0);
    const scenario = JSON.parse(store.sim.scenarios[seed].text) as {
      steps: { method?: string; label?: string }[];
    };
    // What a user does in the editor: keep one half of the seed experiment, rename it.
    const only = (method: 'make_shared' | 'psram_factory') => {
      const label = method === 'make_shared' ? 'std::make_shared' : 'PSRAM factory';
      const steps = scenario.steps.filter((s) => s.label?.includes(label));
      return JSON.stringify({ ...scenario, name: `1,000 × 96 B via ${label}`, steps }, null, 2);
    };
    const p = await openPanelPage({ store, theme: 'light', height: 900 });
    try {
      await p.waitForMessage((m) => m.type === 'ready');
      await p.frame.click('#tab-btn-simulator');
      await p.frame.click('#sim-expert > summary');
      await p.frame.selectOption('#sim-scenario', String(seed));
      const note = await p.frame.textContent('#sim-defaults');
      assert.match(note ?? '', /examples\/webrtc-streamer\/sdkconfig/);
      const editor = JSON.parse(await p.frame.inputValue('#sim-editor')) as { chip: string };
      assert.equal(editor.chip, 'esp32s3');
      const a = runScenarioText(only('make_shared'));
      const b = runScenarioText(only('psram_factory'));
      await p.frame.fill('#sim-editor', only('make_shared'));
      await p.frame.click('#sim-run-a');
      await p.waitUntil(`document.querySelector('#sim-totals-a li')`);
      // Text loaded from a listed scenario names it, edited or not: its sdkconfigFile resolves there.
      const runA = await p.waitForMessage((m) => m.type === 'runScenario');
      assert.equal(runA.type === 'runScenario' && runA.origin, store.sim.scenarios[seed].path);
      await p.frame.fill('#sim-editor', only('psram_factory'));
      await p.frame.click('#sim-run-b');
      await p.waitUntil(`document.querySelector('#sim-compare').textContent.length > 0`);
      const totals = (slot: string) =>
        p.frame.$$eval(`#sim-totals-${slot} li`, (l) =>
          l.map((x) => `${(x as HTMLElement).dataset.kind}`),
        );
      assert.deepEqual(await totals('a'), Object.keys(a.totals));
      assert.ok(a.totals.internal > b.totals.internal, 'std::make_shared takes internal RAM');
      assert.ok(b.totals.psram > a.totals.psram, 'the factory places in PSRAM');
      const kinds = await p.frame.$$eval('#sim-summary-b .summary-table tbody tr', (t) =>
        t.map((r) => (r as HTMLElement).dataset.kind),
      );
      assert.deepEqual(
        kinds,
        b.snapshot.summary.map((k) => k.kind),
      );
      assert.match(
        (await p.frame.textContent('#sim-title-b')) ?? '',
        /B: 1,000 × 96 B via PSRAM factory/,
      );
      await p.page.screenshot({ path: join(shots, 'panel-simulator-light.png') });
      await p.frame.fill('#sim-editor', '{"chip": "esp32s3"');
      await p.frame.click('#sim-run-a');
      await p.waitUntil(`document.querySelector('#sim-message').classList.contains('error')`);
      assert.match((await p.frame.textContent('#sim-message')) ?? '', /A: .*invalid JSON/);
    } finally {
      await p.close();
    }
  });

  test('simulator form: a project type through std::make_shared vs the factory, A and B on one scale', async () => {
    const store = new PanelStore('esp32s3');
    const project = await loadProject(join(root, 'examples/webrtc-streamer'));
    store.sim.defaults = projectDefaults(project, root);
    store.sim.types = [{ name: 'app::Frame', size: 1204, align: 4, site: 'main/track.cpp:20' }];
    const p = await openPanelPage({ store, theme: 'dark', height: 900 });
    try {
      await p.waitForMessage((m) => m.type === 'ready');
      await p.frame.click('#tab-btn-simulator');
      assert.equal(await p.frame.inputValue('#wi-chip'), 'esp32s3', 'chip from the sdkconfig');
      assert.equal(await p.frame.inputValue('#wi-threshold'), '16384');
      assert.equal(await p.frame.inputValue('#wi-size'), '1204', 'size of the project type');
      await p.frame.fill('#wi-count', '200');
      await p.frame.click('#wi-compare');
      await p.waitUntil(`document.querySelector('#sim-compare').textContent.length > 0`);
      // The form's scenarios come from no file.
      const runs = p.received.filter((m) => m.type === 'runScenario');
      assert.deepEqual(
        runs.map((m) => m.type === 'runScenario' && 'origin' in m),
        [false, false],
      );
      assert.match(
        (await p.frame.textContent('#sim-title-a')) ?? '',
        /A: 200 × app::Frame via std::make_shared/,
      );
      assert.match(
        (await p.frame.textContent('#sim-title-b')) ?? '',
        /B: 200 × app::Frame via PSRAM factory/,
      );
      const scale = (slot: string) =>
        p.frame.$eval(`#sim-chart-${slot}`, (e) => ({ ...(e as HTMLElement).dataset }));
      const [a, b] = [await scale('a'), await scale('b')];
      assert.equal(a.internalMax, b.internalMax, 'A and B share the internal axis');
      assert.equal(a.psramMax, b.psramMax, 'A and B share the PSRAM axis');
      assert.equal(Number(a.psramMax), 8 * 1024 * 1024, 'the PSRAM axis ends at the chip’s 8 MiB');
      const overflow = await p.frame.$eval('#tab-simulator', (e) => e.scrollWidth > e.clientWidth);
      assert.equal(overflow, false, 'the two columns fit without a horizontal scrollbar');
      await p.page.screenshot({ path: join(shots, 'panel-simulator-form-dark.png') });
      await p.frame.fill('#wi-count', '0');
      await p.frame.click('#wi-compare');
      assert.match((await p.frame.textContent('#sim-message')) ?? '', /^Objects:/);
    } finally {
      await p.close();
    }
  });
});
