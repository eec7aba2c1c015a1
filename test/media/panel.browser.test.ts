/**
 * The heap panel page in a real Chromium (see panelHarness.ts): what it renders from the real host
 * store fed with event streams, filtering, sorting, keyboard use, the chart's data, hide/show
 * re-hydration, themes (screenshots under test-results/), and that CSP blocks nothing it needs.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PanelStore } from '../../server/session/panelStore';
import type { AllocationRow } from '../../server/protocol/snapshot';
import { closeBrowser, openPanelPage, waitForRows, type PanelPage } from './panelHarness';
import { syntheticSession } from './syntheticSession';

const shots = join(__dirname, '..', '..', 'test-results');
mkdirSync(shots, { recursive: true });

function storeWith(allocations: number): PanelStore {
  const store = new PanelStore('esp32s3');
  store.startSession('file', 'synthetic session', 'esp32s3');
  store.apply(syntheticSession(allocations));
  return store;
}

const ready = waitForRows;

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
      const warnings = await p.frame.$$eval('.warnings > li', (lis) =>
        lis.map((l) => l.firstChild?.textContent),
      );
      assert.deepEqual(
        warnings,
        expected.snapshot.warnings.map((w) => w.message),
      );
      // Each failure once, with its size, caps and device time.
      const failures = await p.frame.$$eval('.warnings li.failure', (lis) =>
        lis.map((l) => l.textContent),
      );
      assert.equal(failures.length, expected.snapshot.failures.length);
      for (const [i, f] of expected.snapshot.failures.entries()) {
        assert.match(
          failures[i] ?? '',
          new RegExp(
            `^${f.size.toLocaleString('en-US')} B · caps ${f.capsText?.replace('|', '\\|')} · at `,
          ),
        );
      }
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

  test('a rebuilt page takes nothing before its hydrate; rows always hide the empty page', async () => {
    const store = new PanelStore('esp32s3');
    const p = await openPanelPage({ store, theme: 'dark', answerReady: false });
    try {
      await p.waitForMessage((m) => m.type === 'ready');
      // The live session's batch reaches the new page before its hydrate (the view was rebuilt
      // while the server was attached): it must not show rows under "Nothing received yet".
      store.startSession('monitor', 'idf.py monitor', 'esp32s3');
      store.apply(syntheticSession(40));
      const early = store.takeBatch();
      assert.ok(early);
      await p.send(early);
      await p.send({ type: 'status', status: { state: 'running', message: 'Monitor running.' } });
      assert.equal(await p.frame.evaluate('psramLensPanel.rows().length'), 0);
      assert.equal(await p.frame.textContent('#status'), '');
      await p.send(store.hydrate());
      await p.waitUntil(`psramLensPanel.rows().length === ${store.state().rows.length}`);
      assert.equal(await p.frame.isVisible('#empty'), false);
      assert.equal(await p.frame.textContent('#session'), 'Monitor: idf.py monitor');
      // Cleared while rows keep coming: a session without a source still hides the start page
      // once it has rows.
      await p.send(store.startSession('none', '', 'esp32s3'));
      await p.waitUntil(`!document.querySelector('#empty').hidden`);
      store.apply(syntheticSession(5));
      const batch = store.takeBatch();
      assert.ok(batch);
      await p.send(batch);
      await p.waitUntil(`document.querySelector('#empty').hidden`);
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
});
