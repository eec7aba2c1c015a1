import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartColumns, chartScale, latest, sharedScale } from '../../media/panel/chartData';
import { formatAxisBytes } from '../../media/panel/format';
import { EMPTY_SNAPSHOT } from '../../media/panel/panelModel';
import type { HeapSnapshot, KindSummary } from '../../server/protocol/snapshot';

const kind = (k: KindSummary['kind'], total: number, free: number): KindSummary => ({
  kind: k,
  total,
  free,
  minFree: free,
  largestFreeBlock: free,
  source: 'reported',
});

describe('chart columns', () => {
  test('failures sit at the internal level of their time, x ascends', () => {
    const c = chartColumns({
      ...EMPTY_SNAPSHOT,
      timeline: [
        { time: 1000, internalFree: 300, psramFree: 8000 },
        { time: 3000, internalFree: 100, psramFree: 7000 },
      ],
      failures: [
        { time: 2000, line: 9, size: 32, caps: null, source: 'memAllocFail' },
        { time: null, line: 12, size: 64, caps: null, source: 'memAllocFail' },
      ],
    });
    assert.deepEqual(c.x, [1, 2, 3, 3]);
    assert.deepEqual(c.internal, [300, null, 100, null]);
    assert.deepEqual(c.failures, [null, 300, null, 100]);
    assert.equal(c.failureCount, 2);
  });

  test('the danger line is the biggest internal request seen failing', () => {
    const c = chartColumns({ ...EMPTY_SNAPSHOT, largestInternalRequest: 4096 });
    assert.equal(c.danger, 4096);
    assert.equal(chartColumns(EMPTY_SNAPSHOT).danger, null);
  });

  test('the legend value without a cursor is the latest sample', () => {
    assert.equal(latest([1, 2, null]), 2);
    assert.equal(latest([null, null]), null);
  });
});

describe('chart axes', () => {
  const snapshot = (internalTotal: number, psramTotal: number): HeapSnapshot => ({
    ...EMPTY_SNAPSHOT,
    summary: [
      kind('internalDma', internalTotal - 1000, 500),
      kind('internalOther', 1000, 100),
      kind('psram', psramTotal, psramTotal - 4096),
    ],
    timeline: [{ time: 2500, internalFree: 600, psramFree: psramTotal - 4096 }],
  });

  test('each memory axis runs from 0 to its size, so 4 KiB of 8 MiB PSRAM stays a small change', () => {
    const s = chartScale(snapshot(400 * 1024, 8 * 1024 * 1024));
    assert.equal(s.internal, 400 * 1024);
    assert.equal(s.psram, 8 * 1024 * 1024);
    assert.equal(s.seconds, 2.5);
  });

  test('A and B share one scale: the larger end of each axis', () => {
    const a = chartScale(snapshot(391 * 1024, 8 * 1024 * 1024));
    const b = chartScale(snapshot(732 * 1024, 4 * 1024 * 1024));
    assert.deepEqual(sharedScale([a, b]), {
      internal: 732 * 1024,
      psram: 8 * 1024 * 1024,
      seconds: 2.5,
    });
  });

  test('tick labels use one unit chosen by the axis end and never repeat', () => {
    const mib = 1024 * 1024;
    const ticks = [0, 2 * mib, 4 * mib, 6 * mib, 8 * mib];
    assert.deepEqual(formatAxisBytes(ticks, 8 * mib, 2 * mib), [
      '0 MiB',
      '2 MiB',
      '4 MiB',
      '6 MiB',
      '8 MiB',
    ]);
    const fine = [7.99 * mib, 7.995 * mib, 8 * mib];
    const labels = formatAxisBytes(fine, 8 * mib, 0.005 * mib);
    assert.equal(new Set(labels).size, labels.length, labels.join(', '));
    assert.deepEqual(formatAxisBytes([0, 100 * 1024, 200 * 1024], 391 * 1024, 100 * 1024), [
      '0 KiB',
      '100 KiB',
      '200 KiB',
    ]);
  });
});
