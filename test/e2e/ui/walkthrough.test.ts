// The walk-through a person takes, in a real browser against code-server with the packaged VSIX
// installed (so a packaging mistake fails here): open the example project, see the squiggles and
// the Problems entries with their codes, apply a quick fix from the light bulb, watch the heap
// panel fill from the (fake) serial monitor, filter it, follow a caller to its source line.
// Screenshots go to test-results/ (and the README's
// pictures are taken from them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import { CodeServer } from '../lib/codeServer';
import { join } from 'node:path';
import { repoRoot, vsixPath } from '../lib/paths';
import { copyExample, type TempWorkspace } from '../lib/workspace';
import { Workbench } from './workbench';

const fakeDevice = join(repoRoot, 'test', 'fixtures', 'device', 'fake-device.mjs');
const monitorSetting = { 'psramLens.monitor.command': `node ${fakeDevice} --speed 5 --hold` };

describe('a person using PSRAM Lens in VS Code (code-server)', () => {
  let server: CodeServer;
  let browser: Browser;
  let ws: TempWorkspace;
  let wb: Workbench;

  before(async () => {
    ws = copyExample();
    server = await CodeServer.start({
      vsix: vsixPath,
      // The fake serial device stands in for idf.py monitor and a board, set where a user sets a
      // machine-scoped setting (a workspace cannot choose what runs).
      settings: { 'workbench.colorTheme': 'Default Dark Modern', ...monitorSetting },
      machineSettings: monitorSetting,
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    wb = new Workbench(page);
    await wb.open(server.url(ws.path));
  });

  after(async () => {
    // The last screen, whatever happened: the first thing to look at when a step failed.
    await wb?.screenshot('ui-last').catch(() => undefined);
    await browser?.close();
    await server?.stop();
    ws?.dispose();
  });

  test('opening a source file shows PSRAM Lens squiggles', async () => {
    await wb.openFromExplorer('main/track.cpp');
    const squiggles = wb.editor().locator('.squiggly-warning, .squiggly-error, .squiggly-info');
    await squiggles.first().waitFor({ timeout: 120_000 });
    assert.ok((await squiggles.count()) >= 2);
    await wb.screenshot('ui-01-squiggles');
  });

  test('the Problems panel lists the findings with their codes', async () => {
    const rows = await wb.problems();
    await rows.filter({ hasText: 'PSR004' }).first().waitFor({ timeout: 60_000 });
    await rows.filter({ hasText: 'PSR003' }).first().waitFor({ timeout: 60_000 });
    const text = (await rows.allInnerTexts()).join('\n');
    assert.match(text, /psram-lens/);
    await wb.screenshot('ui-02-problems');
  });

  test('the light bulb offers the PSRAM quick fix, and applying it rewrites the call', async () => {
    const page = wb.page;
    await wb.openFromExplorer('main/track.cpp');
    const squiggle = wb.editor().locator('.squiggly-warning').first();
    await squiggle.waitFor({ timeout: 120_000 });
    const box = await squiggle.boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const fix = page
      .locator('.action-widget .monaco-list-row', { hasText: 'Allocate in PSRAM' })
      .first();
    await fix.waitFor({ timeout: 30_000 });
    await wb.screenshot('ui-03-quick-fix');
    await fix.click();
    await wb
      .editor()
      .locator('.view-lines', { hasText: 'psram::make_shared' })
      .waitFor({ timeout: 30_000 });
  });

  test('the heap panel fills from the monitor, filters, and a caller leads to its source line', async () => {
    const page = wb.page;
    await wb.runCommand('PSRAM Lens: Start Monitor');
    await wb.runCommand('Focus on Heap View');
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const caller = panel.locator('a.caller', { hasText: /\.cpp:\d+/ }).first();
    await caller.waitFor({ timeout: 120_000 });
    const counter = panel.locator('.counter');
    const all = await counter.textContent();
    await wb.runCommand('View: Toggle Maximized Panel');
    await wb.screenshot('ui-04-heap-panel');

    // Every row of the recorded session is in internal RAM: filter by size (the 1,216-byte tracks).
    await panel.locator('#f-min').fill('1000');
    await counter.filter({ hasNotText: all ?? '' }).waitFor({ timeout: 10_000 });
    await wb.screenshot('ui-05-heap-panel-filtered');
    await wb.runCommand('View: Toggle Maximized Panel');

    const link = panel.locator('a.caller', { hasText: /\.cpp:\d+/ }).first();
    const [, file, line] = /([\w.-]+\.cpp):(\d+)/.exec((await link.textContent()) ?? '') ?? [];
    assert.ok(file && line, 'the caller link names no source line');
    await link.click();
    await page
      .locator('.tabs-container .tab.active', { hasText: file })
      .waitFor({ timeout: 30_000 });
    await page.locator('.statusbar', { hasText: `Ln ${line},` }).waitFor({ timeout: 30_000 });
    await wb.screenshot('ui-06-caller-source');
  });
});
