// The walk-through a person takes, in a real browser against code-server with the packaged VSIX
// installed (so a packaging mistake fails here): open the example project, see the squiggles and
// the Problems entries with their codes. Screenshots go to test-results/ (and the README's
// pictures are taken from them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import { CodeServer } from '../lib/codeServer';
import { vsixPath } from '../lib/paths';
import { copyExample, type TempWorkspace } from '../lib/workspace';
import { Workbench } from './workbench';

describe('a person using PSRAM Lens in VS Code (code-server)', () => {
  let server: CodeServer;
  let browser: Browser;
  let ws: TempWorkspace;
  let wb: Workbench;

  before(async () => {
    ws = copyExample();
    server = await CodeServer.start({
      vsix: vsixPath,
      settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    wb = new Workbench(page);
    await wb.open(server.url(ws.path));
  });

  after(async () => {
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
});
