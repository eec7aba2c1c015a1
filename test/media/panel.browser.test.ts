/**
 * The heap panel page in a real Chromium (see panelHarness.ts): what it renders from the real host
 * store fed with event streams, filtering, sorting, keyboard use, the chart's data, hide/show
 * re-hydration, themes (screenshots under test-results/), and that CSP blocks nothing it needs.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { LogPipeline } from '../../extension/monitor/logPipeline';
import { PanelStore } from '../../extension/panel/panelStore';
import {
  projectDefaults,
  runScenarioText,
  scenarioEntries,
} from '../../extension/panel/simulation';
import { loadProject } from '../../server/project/discovery';
import type { AllocationRow } from '../../server/heap/snapshot';
import { closeBrowser, openPanelPage, type PanelPage } from './panelHarness';
import { syntheticSession } from './syntheticSession';

const root = join(__dirname, '..', '..');
const shots = join(root, 'test-results');
/** Screenshots the README shows (committed): refreshed by this test. */
const docs = join(root, 'docs', 'images');
mkdirSync(docs, { recursive: true });
mkdirSync(shots, { recursive: true });

function storeWith(allocations: number): PanelStore {
  const store = new PanelStore('esp32s3');
  store.startSession('file', 'synthetic session', 'esp32s3');
  store.apply(syntheticSession(allocations));
  return store;
}

async function ready(p: PanelPage, rows: number): Promise<void> {
  await p.waitForMessage((m) => m.type === 'ready');
  await p.waitUntil(
    `document.querySelector('.counter')?.textContent?.endsWith('of ${rows.toLocaleString('en-US')} allocations')`,
    60_000,
  );
}

const visible = (p: PanelPage) =>
  p.frame.evaluate('psramLensPanel.visibleRows()') as Promise<AllocationRow[]>;

after(closeBrowser);

describe('heap panel page', () => {
  test('renders summary, chart data and table rows of a session', async () => {
    const store = storeWith(2000);
    const expected = store.state();
    const p = await openPanelPage({ store, theme: 'dark' });
    try {
      await ready(p, expected.rows.length);
      const kinds = await p.frame.$$eval('.summary-table tbody tr', (trs) =>
        trs.map((tr) => (tr as HTMLElement).dataset.kind),
      );
      assert.deepEqual(
        kinds,
        expected.snapshot.summary.map((k) => k.kind),
      );
      const warnings = await p.frame.$$eval('.warnings li', (lis) => lis.map((l) => l.textContent));
      assert.deepEqual(
        warnings,
        expected.snapshot.warnings.map((w) => w.message),
      );
      const chart = (await p.frame.evaluate('psramLensPanel.chart().data')) as {
        x: number[];
        internal: (number | null)[];
        failureCount: number;
      };
      assert.equal(chart.failureCount, expected.snapshot.failures.length);
      const internalPoints = expected.snapshot.timeline.filter((t) => t.internalFree !== null);
      assert.deepEqual(
        chart.internal.filter((v) => v !== null),
        internalPoints.map((t) => t.internalFree),
      );
      const sorted = [...chart.x].sort((a, b) => a - b);
      assert.deepEqual(chart.x, sorted, 'x values ascend');
      const firstRow = await p.frame.$eval('.grid-viewport .grid-row:not([hidden])', (r) =>
        [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent),
      );
      const r0 = expected.rows[0];
      assert.equal(firstRow[0], `0x${r0.address.toString(16).padStart(8, '0')}`);
      assert.equal(firstRow[1], String(r0.size));
      assert.match(
        firstRow[4] ?? '',
        /main\.cpp:16|peer_connection\.cpp:11|track\.cpp:20|channel\.cpp:7/,
      );
      // Only the rows in view are in the DOM.
      const domRows = await p.frame.$$eval(
        '.grid-viewport .grid-row:not([hidden])',
        (r) => r.length,
      );
      assert.ok(domRows < 60, `${domRows} rows rendered`);
      assert.deepEqual(p.problems, []);
      await p.page.screenshot({ path: join(shots, 'panel-dark.png') });
    } finally {
      await p.close();
    }
  });

  test('filters by memory kind, size and text, and sorts by column', async () => {
    const store = storeWith(3000);
    const rows = store.state().rows;
    const p = await openPanelPage({ store, theme: 'light' });
    try {
      await ready(p, rows.length);
      await p.frame.selectOption('#f-memory', 'internal');
      await p.frame.fill('#f-min', '100');
      await p.frame.fill('#f-text', 'track.cpp');
      const want = rows.filter(
        (r) => r.memory === 'internal' && r.size >= 100 && r.caller?.file.endsWith('track.cpp'),
      );
      await p.waitUntil(`psramLensPanel.visibleRows().length === ${want.length}`);
      assert.deepEqual(
        (await visible(p)).map((r) => r.id),
        want.map((r) => r.id),
      );
      await p.frame.click('[data-sort=size]');
      await p.frame.click('[data-sort=size]');
      const bySize = await visible(p);
      const expectOrder = [...want].sort((a, b) => b.size - a.size || a.id - b.id);
      assert.deepEqual(
        bySize.map((r) => r.id),
        expectOrder.map((r) => r.id),
      );
      assert.equal(
        await p.frame.getAttribute('[role=columnheader]:has([data-sort=size])', 'aria-sort'),
        'descending',
      );
      const firstSize = await p.frame.$eval(
        '.grid-viewport .grid-row[aria-rowindex="2"] .col-size',
        (c) => c.textContent,
      );
      assert.equal(firstSize, expectOrder[0].size.toLocaleString('en-US'));
      await p.page.screenshot({ path: join(shots, 'panel-light-filtered.png') });
      // A runtime-finding link reveals a row the filters hide: they are cleared, visibly.
      const hidden = rows.find((r) => r.memory === 'psram')!;
      await p.send({ type: 'revealRow', id: hidden.id });
      await p.waitUntil(
        `document.querySelector('#alloc-grid').getAttribute('aria-activedescendant') === 'row-${hidden.id}'`,
      );
      assert.equal(await p.frame.inputValue('#f-memory'), 'all');
      assert.equal(await p.frame.inputValue('#f-text'), '');
      assert.ok(await p.frame.isVisible(`#row-${hidden.id}`));
    } finally {
      await p.close();
    }
  });

  test('keyboard: arrows move the selection and Enter opens the caller', async () => {
    const store = storeWith(200);
    const rows = store.state().rows;
    const p = await openPanelPage({ store, theme: 'dark' });
    try {
      await ready(p, rows.length);
      await p.frame.focus('#alloc-grid');
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(
        await p.frame.getAttribute('#alloc-grid', 'aria-activedescendant'),
        `row-${rows[2].id}`,
      );
      await p.page.keyboard.press('Enter');
      const open = await p.waitForMessage((m) => m.type === 'openSource');
      assert.deepEqual(open, {
        type: 'openSource',
        file: rows[2].caller!.file,
        line: rows[2].caller!.fileLine,
      });
      await p.page.keyboard.press('End');
      assert.equal(
        await p.frame.getAttribute('#alloc-grid', 'aria-activedescendant'),
        `row-${rows[rows.length - 1].id}`,
      );
      // Mouse: a click on a caller link sends the same message.
      const link = p.frame.locator(`#row-${rows[rows.length - 1].id} a.caller`);
      await link.click();
      await p.waitForMessage(
        (m) =>
          m.type === 'openSource' &&
          m.line === rows[rows.length - 1].caller!.fileLine &&
          p.received.filter((x) => x.type === 'openSource').length === 2,
      );
      const opens = p.received.filter((m) => m.type === 'openSource');
      assert.equal(opens.length, 2);
    } finally {
      await p.close();
    }
  });

  test('live batches extend the table and the webview acknowledges every row', async () => {
    const store = new PanelStore('esp32s3');
    store.startSession('monitor', 'fake device', 'esp32s3');
    const events = syntheticSession(1500);
    const p = await openPanelPage({ store, theme: 'dark' });
    try {
      await ready(p, 0);
      for (let i = 0; i < events.length; i += 250) {
        store.apply(events.slice(i, i + 250));
        const batch = store.takeBatch();
        assert.ok(batch);
        await p.send(batch);
      }
      const total = store.state().rows.length;
      const last = store.state().webview;
      await p.waitForMessage((m) => m.type === 'ack' && m.rows === total);
      assert.ok(last.seq <= store.state().webview.seq);
      const shown = (await p.frame.evaluate('psramLensPanel.rows()')) as AllocationRow[];
      const hostRows = store.state().rows;
      assert.equal(shown.length, hostRows.length);
      // Compared as one string: a mismatch report of 1,500 objects would drown the output.
      assert.ok(
        JSON.stringify(shown) === JSON.stringify(hostRows),
        'webview model equals host model',
      );
    } finally {
      await p.close();
    }
  });

  test('100,000 rows: scrolling to the end renders the last rows only', async () => {
    const store = storeWith(100_000);
    const rows = store.state().rows;
    const p = await openPanelPage({ store, theme: 'dark' });
    try {
      await ready(p, rows.length);
      await p.frame.focus('#alloc-grid');
      await p.page.keyboard.press('End');
      await p.frame.waitForSelector(`#row-${rows[rows.length - 1].id}`);
      const domRows = await p.frame.$$eval(
        '.grid-viewport .grid-row:not([hidden])',
        (r) => r.length,
      );
      assert.ok(domRows < 60, `${domRows} rows rendered`);
      await p.frame.selectOption('#f-memory', 'psram');
      const psram = rows.filter((r) => r.memory === 'psram').length;
      await p.waitUntil(`psramLensPanel.visibleRows().length === ${psram}`);
    } finally {
      await p.close();
    }
  });

  test('hidden and shown again: re-hydrated from the host, UI state restored', async () => {
    const store = storeWith(500);
    const rows = store.state().rows;
    const first = await openPanelPage({ store, theme: 'light' });
    let state: unknown;
    try {
      await ready(first, rows.length);
      await first.frame.selectOption('#f-memory', 'psram');
      await first.frame.click('#tab-btn-simulator');
      await first.waitUntil(`document.querySelector('#tab-live').hidden`);
      state = first.savedState();
    } finally {
      await first.close();
    }
    const again = await openPanelPage({ store, theme: 'light', state });
    try {
      await again.waitForMessage((m) => m.type === 'ready');
      assert.equal(await again.frame.inputValue('#f-memory'), 'psram');
      assert.equal(await again.frame.getAttribute('#tab-btn-simulator', 'aria-selected'), 'true');
      const want = rows.filter((r) => r.memory === 'psram').length;
      await again.waitUntil(`psramLensPanel.visibleRows().length === ${want}`);
    } finally {
      await again.close();
    }
  });

  test('theme change re-reads the chart colours', async () => {
    const store = storeWith(300);
    const p = await openPanelPage({ store, theme: 'light' });
    const marker = () =>
      p.frame.$eval(
        '#timeline .u-series:nth-child(2) .u-marker',
        (m) => getComputedStyle(m).borderColor,
      );
    try {
      await ready(p, store.state().rows.length);
      await p.frame.waitForSelector('#timeline .u-marker');
      assert.equal(await marker(), 'rgb(26, 133, 255)');
      await p.setTheme('dark');
      await p.waitUntil(
        `getComputedStyle(document.querySelector('#timeline .u-series:nth-child(2) .u-marker')).borderColor === 'rgb(55, 148, 255)'`,
      );
      await p.page.screenshot({ path: join(shots, 'panel-dark-after-switch.png') });
      await p.setTheme('highContrast');
      await p.waitUntil('document.body.classList.contains("vscode-high-contrast")');
      await p.page.screenshot({ path: join(shots, 'panel-high-contrast.png') });
      await p.setTheme('light');
      await p.waitUntil(
        `getComputedStyle(document.querySelector('#timeline .u-series:nth-child(2) .u-marker')).borderColor === 'rgb(26, 133, 255)'`,
      );
      await p.page.screenshot({ path: join(shots, 'panel-light.png') });
      assert.deepEqual(p.problems, []);
    } finally {
      await p.close();
    }
  });

  test('a recorded monitor session: reserve pool, failures, internal rows with callers', async () => {
    const store = new PanelStore('esp32s3');
    const pipeline = new LogPipeline(store, () => undefined);
    pipeline.begin('monitor', 'idf.py -p /dev/ttyUSB0 monitor', 'esp32s3');
    pipeline.push(readFileSync(join(root, 'test/fixtures/device/webrtc-session.log')));
    pipeline.end();
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
      copyFileSync(join(shots, 'panel-recorded-dark.png'), join(docs, 'heap-panel.png'));
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
      copyFileSync(
        join(shots, 'panel-simulator-light.png'),
        join(docs, 'heap-panel-simulator.png'),
      );
      await p.frame.fill('#sim-editor', '{"chip": "esp32s3"');
      await p.frame.click('#sim-run-a');
      await p.waitUntil(`document.querySelector('#sim-message').classList.contains('error')`);
      assert.match((await p.frame.textContent('#sim-message')) ?? '', /A: .*invalid JSON/);
    } finally {
      await p.close();
    }
  });
});
