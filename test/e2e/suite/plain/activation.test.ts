import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { psramLens } from '../helpers';
import { report } from '../report';

describe('activation in a folder that is not an ESP-IDF project', () => {
  it('stays inactive, and activates on request within a measured time', async () => {
    const ext = psramLens();
    // The extension host evaluates workspaceContains events before it starts the tests, so a
    // PSRAM Lens that is inactive now was not activated by this workspace.
    assert.equal(ext.isActive, false, 'PSRAM Lens activated in a non-ESP-IDF folder');
    const t0 = performance.now();
    await ext.activate();
    const ms = performance.now() - t0;
    assert.equal(ext.isActive, true);
    report(`    figure: activation (load + activate()) took ${ms.toFixed(1)} ms`);
  });
});
