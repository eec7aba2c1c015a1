import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_ROWS_PER_MESSAGE,
  PanelStore,
  SNAPSHOT_INTERVAL_MS,
} from '../../../server/session/panelStore';
import { PanelModel } from '../../../media/panel/panelModel';
import type { HostMessage } from '../../../server/protocol/webview';
import { syntheticSession } from '../../media/syntheticSession';

/** Plays host messages into the webview's own model, as the page does. */
function apply(view: PanelModel, m: HostMessage | null): void {
  if (!m) return;
  if (m.type === 'hydrate') view.replace(m.snapshot, m.rows, m.seq);
  else if (m.type === 'reset') view.replace(m.snapshot, [], 0);
  else if (m.type === 'batch') {
    view.applyBatch(m.snapshot, m.added, m.updated, m.removed, m.seq);
    if (!m.snapshot && m.sites) view.mergeSites(m.sites);
  }
}

describe('panel store batches', () => {
  test('batches in any chunking rebuild exactly the host rows in the webview model', () => {
    const events = syntheticSession(400, 3);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 30 }),
        (cuts) => {
          const store = new PanelStore('esp32s3');
          const view = new PanelModel();
          apply(view, store.startSession('monitor', 'x', 'esp32s3'));
          let at = 0;
          let k = 0;
          while (at < events.length) {
            const n = cuts[k++ % cuts.length];
            store.apply(events.slice(at, at + n));
            at += n;
            apply(view, store.takeBatch());
          }
          // The snapshot rides along at most every SNAPSHOT_INTERVAL_MS: the held one comes next.
          assert.equal(store.hasChanges, true);
          apply(view, store.takeBatch(performance.now() + SNAPSHOT_INTERVAL_MS));
          assert.equal(store.hasChanges, false);
          assert.deepEqual(view.rows, store.state().rows);
          assert.deepEqual(view.snapshot, store.state().snapshot);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('changed sites ride every batch: between snapshots the Sites view matches the host', () => {
    const events = syntheticSession(300, 5);
    const store = new PanelStore('esp32s3');
    const view = new PanelModel();
    apply(view, store.startSession('monitor', 'x', 'esp32s3'));
    apply(view, store.takeBatch(performance.now() + SNAPSHOT_INTERVAL_MS)); // a snapshot now
    let batchesWithSites = 0;
    const t = performance.now(); // no snapshot is due again within this loop
    for (let at = 0; at < events.length; at += 7) {
      store.apply(events.slice(at, at + 7));
      const m = store.takeBatch(t);
      if (m?.type === 'batch' && m.sites) batchesWithSites++;
      apply(view, m);
      const byKey = (xs: readonly { key: string }[] = []) =>
        [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
      assert.deepEqual(byKey(view.snapshot.sites), byKey(store.sites()));
    }
    assert.ok(batchesWithSites > 10, `${batchesWithSites} batches carried sites`);
  });

  test('freed rows beyond the model cap and replaced trace rows are removed in the webview', () => {
    const store = new PanelStore('esp32s3');
    const view = new PanelModel();
    apply(view, store.hydrate());
    store.apply(syntheticSession(8000, 5));
    apply(view, store.takeBatch());
    const live = store.state().rows.filter((r) => r.live);
    store.apply(
      live.map((r, i) => ({
        kind: 'deallocation' as const,
        line: 90_000 + i,
        address: r.address,
        memory: r.memory,
      })),
    );
    const batch = store.takeBatch();
    assert.ok(
      batch?.type === 'batch' && batch.removed.length > 0,
      'the model dropped old freed rows',
    );
    apply(view, batch);
    assert.deepEqual(
      view.rows.map((r) => r.id),
      store.state().rows.map((r) => r.id),
    );
  });

  test('a big session goes out in messages of at most MAX_ROWS_PER_MESSAGE rows, in id order', () => {
    const store = new PanelStore('esp32s3');
    const view = new PanelModel();
    apply(view, store.startSession('file', 'x', 'esp32s3'));
    store.apply(syntheticSession(2 * MAX_ROWS_PER_MESSAGE + 700, 3));
    const hydrate = store.hydrate();
    assert.ok(hydrate.type === 'hydrate' && hydrate.rows.length === MAX_ROWS_PER_MESSAGE);
    apply(view, hydrate);
    // Live events keep coming while the rest is sent: new rows queue behind the backlog.
    store.apply(syntheticSession(300, 9).filter((e) => e.kind === 'allocation'));
    let batches = 0;
    let at = performance.now();
    while (store.hasChanges) {
      const batch = store.takeBatch((at += SNAPSHOT_INTERVAL_MS));
      assert.ok(batch?.type === 'batch' && batch.added.length <= MAX_ROWS_PER_MESSAGE);
      apply(view, batch);
      batches++;
    }
    assert.ok(batches >= 2, `${batches} batches`);
    assert.deepEqual(view.rows, store.state().rows);
  });

  test('no change, no batch; a hydrate counts every row as sent', () => {
    const store = new PanelStore('esp32s3');
    assert.equal(store.takeBatch(), null);
    store.apply(syntheticSession(50));
    const h = store.hydrate();
    assert.equal(h.type, 'hydrate');
    assert.equal(store.takeBatch(), null);
    store.ack(4, 50);
    assert.deepEqual(store.state().webview, { seq: 4, rows: 50 });
  });
});
