/**
 * The Sites tab in a real Chromium (panelHarness.ts): sites ranked by internal bytes, a bar per
 * row, sorting, filtering, and a click that opens the source line through the host.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PanelStore } from '../../server/session/panelStore';
import type { SiteRow } from '../../server/protocol/snapshot';
import { closeBrowser, openPanelPage, waitForRows } from './panelHarness';
import { syntheticSession } from './syntheticSession';

const shots = join(__dirname, '..', '..', 'test-results');
mkdirSync(shots, { recursive: true });

after(closeBrowser);

describe('heap panel Sites tab', () => {
  test('ranks sites by internal bytes, sorts, filters and opens a line', async () => {
    const store = new PanelStore('esp32s3');
    store.startSession('file', 'synthetic session', 'esp32s3');
    store.apply(syntheticSession(2000));
    const expected = store.state();
    const sites = expected.snapshot.sites ?? [];
    assert.ok(sites.length >= 2, 'the session has sites');
    const p = await openPanelPage({ store, theme: 'dark' });
    try {
      await waitForRows(p, expected.rows.length);
      await p.frame.click('#tab-btn-sites');
      const shown = (await p.frame.evaluate('psramLensPanel.sites()')) as SiteRow[];
      assert.deepEqual(
        shown.map((s) => s.key),
        [...sites]
          .sort((a, b) => b.internalBytes - a.internalBytes || (a.key < b.key ? -1 : 1))
          .map((s) => s.key),
      );
      const first = await p.frame.$eval('.sites-table tbody tr', (tr) => ({
        site: tr.querySelector('th')?.textContent,
        bar: (tr.querySelector('.site-bar') as HTMLElement | null)?.dataset.w,
      }));
      assert.equal(first.bar, '100');
      await p.page.screenshot({ path: join(shots, 'panel-sites.png') });
      assert.ok(shown[0].file && first.site?.endsWith(`:${shown[0].fileLine}`));
      // Sort by allocations (descending on first click), then filter to one file.
      await p.frame.click('.sites-table thead th:nth-child(6) button');
      const byAllocs = (await p.frame.evaluate('psramLensPanel.sites()')) as SiteRow[];
      assert.ok(byAllocs.every((s, i) => i === 0 || byAllocs[i - 1].allocs >= s.allocs));
      const file = shown[0].file!.split('/').pop()!;
      await p.frame.fill('#sites input[type=search]', file);
      const filtered = (await p.frame.evaluate('psramLensPanel.sites()')) as SiteRow[];
      assert.ok(filtered.length > 0 && filtered.every((s) => s.key.includes(file)));
      await p.frame.click('.sites-table tbody tr');
      const open = await p.waitForMessage((m) => m.type === 'openSource');
      assert.deepEqual(open, {
        type: 'openSource',
        file: filtered[0].file,
        line: filtered[0].fileLine,
      });
      assert.deepEqual(p.problems, []);
    } finally {
      await p.close();
    }
  });
});
