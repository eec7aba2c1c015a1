import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_QUERY,
  extendView,
  queryRows,
  rowComparator,
  type TableQuery,
} from '../../media/panel/tableQuery';
import type { AllocationRow } from '../../server/protocol/snapshot';

const memory = fc.constantFrom('internal', 'psram', 'iram', 'rtc', 'unknown') as fc.Arbitrary<
  AllocationRow['memory']
>;
const rowArb = (id: number) =>
  fc
    .record({
      address: fc.integer({ min: 0x3c000000, max: 0x3fffffff }),
      size: fc.integer({ min: 1, max: 5000 }),
      memory,
      region: fc.option(fc.constantFrom('RAM', 'DRAM', 'RTCRAM'), { nil: null }),
      live: fc.boolean(),
      caller: fc.option(
        fc.record({
          address: fc.constant(0x42000000),
          function: fc.constantFrom('app_main', 'Track::fill', 'Channel::send'),
          file: fc.constantFrom('/p/main/main.cpp', '/p/main/track.cpp'),
          fileLine: fc.integer({ min: 1, max: 99 }),
        }),
        { nil: null },
      ),
    })
    .map((r): AllocationRow => ({ ...r, id, time: null, line: id }));
const rowsArb = fc
  .integer({ min: 0, max: 60 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rowArb(i + 1))));
const queryArb: fc.Arbitrary<TableQuery> = fc.record({
  memory: fc.constantFrom('all', 'internal', 'psram') as fc.Arbitrary<TableQuery['memory']>,
  liveness: fc.constantFrom('all', 'live', 'freed') as fc.Arbitrary<TableQuery['liveness']>,
  minSize: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
  maxSize: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
  text: fc.constantFrom('', 'track', 'MAIN.CPP', 'ram', '3c'),
  sort: fc.constantFrom(
    'id',
    'address',
    'size',
    'memory',
    'region',
    'caller',
    'live',
  ) as fc.Arbitrary<TableQuery['sort']>,
  descending: fc.boolean(),
});

describe('allocation table query', () => {
  test('filters by kind, size and text, case-insensitively', () => {
    const rows: AllocationRow[] = [
      {
        id: 1,
        address: 0x3fc90000,
        size: 96,
        memory: 'internal',
        region: 'RAM',
        caller: null,
        live: true,
        time: null,
        line: 1,
      },
      {
        id: 2,
        address: 0x3c000100,
        size: 4096,
        memory: 'psram',
        region: null,
        caller: null,
        live: false,
        time: null,
        line: 2,
        label: 'Track frames',
      },
      {
        id: 3,
        address: 0x3fc90100,
        size: 20,
        memory: 'internal',
        region: 'DRAM',
        caller: null,
        live: true,
        time: null,
        line: 3,
      },
    ];
    const q = (p: Partial<TableQuery>) =>
      queryRows(rows, { ...DEFAULT_QUERY, ...p }).map((i) => rows[i].id);
    assert.deepEqual(q({ memory: 'internal' }), [1, 3]);
    assert.deepEqual(q({ minSize: 50 }), [1, 2]);
    assert.deepEqual(q({ maxSize: 96, memory: 'internal' }), [1, 3]);
    assert.deepEqual(q({ text: 'track' }), [2]);
    assert.deepEqual(q({ text: '3C000100' }), [2]);
    assert.deepEqual(q({ liveness: 'freed' }), [2]);
    assert.deepEqual(q({ sort: 'size', descending: true }), [2, 1, 3]);
  });

  test('the view holds exactly the matching rows, ordered by the comparator', () => {
    fc.assert(
      fc.property(rowsArb, queryArb, (rows, q) => {
        const view = queryRows(rows, q);
        const cmp = rowComparator(q);
        for (let i = 1; i < view.length; i++) assert.ok(cmp(rows[view[i - 1]], rows[view[i]]) < 0);
        const shown = new Set(view);
        const again = queryRows(rows, { ...q, sort: 'id', descending: false });
        assert.deepEqual(
          [...shown].sort((a, b) => a - b),
          again,
        );
      }),
    );
  });

  test('extending a view with new rows equals querying everything', () => {
    fc.assert(
      fc.property(rowsArb, queryArb, fc.nat(), (rows, q, cut) => {
        const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
        const view = queryRows(rows.slice(0, at), q);
        extendView(view, rows, at, q);
        assert.deepEqual(view, queryRows(rows, q));
      }),
    );
  });
});
