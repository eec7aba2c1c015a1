import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HeapModel } from '../../../server/heap/model';
import { runScenario } from '../../../server/sim/runner';
import {
  ScenarioError,
  parseBytes,
  parseScenario,
  type ScenarioInput,
} from '../../../server/sim/scenario';
import { METHODS } from '../../../server/target/cppModels';
import { run } from './helpers';

describe('events feed the heap state model like a parsed log', () => {
  test('per-region free derived by HeapModel from the events equals the simulated heaps', () => {
    const { events, result } = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      psramSize: '8MB',
      steps: [
        { op: 'allocate', label: 'a', method: 'make_shared', size: 96, count: 300 },
        { op: 'allocate', label: 'b', method: 'psram_factory', size: 200, count: 300 },
        { op: 'free', label: 'a', count: 120 },
        { op: 'allocate', label: 'c', method: 'malloc', size: 20000, count: 3 },
      ],
    });
    // Everything up to (not including) the final heapInfo: the model derives free from allocations.
    const lastInfo = events.map((e) => e.kind).lastIndexOf('heapInfo');
    const model = new HeapModel({ chip: 'esp32s3' });
    for (const e of events.slice(0, lastInfo)) model.apply(e);
    const snap = model.snapshot();
    for (const h of result.heaps) {
      const region = snap.regions.find((r) => r.address === h.address);
      assert.ok(region, `model knows ${h.name}`);
      assert.equal(region.free, h.free, `free of ${h.name}`);
    }
    const live = model
      .allocations()
      .filter((r) => r.live && r.label !== undefined && ['a', 'b', 'c'].includes(r.label));
    assert.equal(
      live.length,
      result.allocations.filter((r) => r.live && ['a', 'b', 'c'].includes(r.label)).length,
    );
  });

  test('boot emits heap_init log lines followed by heapRegion events, and the PSRAM pool', () => {
    const { events } = run({ chip: 'esp32', idfVersion: '5.3', psramSize: '4MB', steps: [] });
    const i = events.findIndex((e) => e.kind === 'heapRegion');
    const before = events[i - 1];
    assert.ok(
      before.kind === 'log' &&
        before.tag === 'heap_init' &&
        before.message === 'At 3FFAE6E0 len 00001920 (6 KiB): DRAM',
    );
    assert.equal(events.filter((e) => e.kind === 'heapRegion').length, 5);
    const pool = events.find((e) => e.kind === 'psramPool');
    assert.ok(pool?.kind === 'psramPool' && pool.bytes === 4194304);
    assert.ok(
      events.some(
        (e) =>
          e.kind === 'log' &&
          e.message === 'Reserving pool of 32K of internal memory for DMA/internal allocations',
      ),
    );
  });
});

describe('scenario errors', () => {
  const bad: [string, unknown, RegExp][] = [
    ['no chip', { steps: [] }, /^chip: /],
    ['unknown chip', { chip: 'esp8266', steps: [] }, /^chip: /],
    [
      'unknown method',
      { chip: 'esp32', steps: [{ op: 'allocate', label: 'x', method: 'alloca', size: 4 }] },
      /^steps\[0\]/,
    ],
    [
      'missing size',
      { chip: 'esp32', steps: [{ op: 'allocate', label: 'x', method: 'malloc' }] },
      /needs "type" or "size"/,
    ],
    [
      'bad caps',
      {
        chip: 'esp32',
        steps: [
          {
            op: 'allocate',
            label: 'x',
            method: 'heap_caps_malloc',
            size: 4,
            caps: 'MALLOC_CAP_FAST',
          },
        ],
      },
      /unknown capability "MALLOC_CAP_FAST"/,
    ],
    ['bad size', { chip: 'esp32', psramSize: 'lots', steps: [] }, /^psramSize: not a byte count/],
    ['bad option', { chip: 'esp32', sdkconfig: { SPIRAM: true }, steps: [] }, /CONFIG_/],
  ];
  for (const [name, input, re] of bad) {
    test(name, () =>
      assert.throws(
        () => parseScenario(input),
        (e: Error) => e instanceof ScenarioError && re.test(e.message) && !e.message.includes('\n'),
      ),
    );
  }

  test('run-time problems are ScenarioErrors too', () => {
    const cases: [ScenarioInput, RegExp][] = [
      [{ chip: 'esp32c3', psramSize: '2MB', steps: [] }, /has no PSRAM/],
      [{ chip: 'esp32', idfVersion: '3.2', steps: [] }, /is older than the v3.3/],
      [
        { chip: 'esp32', steps: [{ op: 'free', label: 'ghost' }] },
        /^steps\[0\]\.label: nothing was allocated as "ghost"/,
      ],
      [
        { chip: 'esp32', steps: [{ op: 'allocate', label: 'x', method: 'new', type: 'Nope' }] },
        /"Nope" is not defined/,
      ],
      [
        { chip: 'esp32', sdkconfig: { CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: -1 }, steps: [] },
        /expected an integer/,
      ],
      [
        {
          chip: 'esp32',
          steps: [
            {
              op: 'repeat',
              times: 100000,
              steps: [{ op: 'allocate', label: 'x', method: 'malloc', size: 4, count: 1000 }],
            },
          ],
        },
        /limit/,
      ],
    ];
    for (const [input, re] of cases) {
      assert.throws(
        () => run(input),
        (e: Error) => e instanceof ScenarioError && re.test(e.message),
      );
    }
  });

  test('byte counts', () => {
    assert.equal(parseBytes('8MB'), 8388608);
    assert.equal(parseBytes('4 MiB'), 4194304);
    assert.equal(parseBytes('512K'), 524288);
    assert.equal(parseBytes('0x200000'), 2097152);
    assert.equal(parseBytes('x'), null);
  });
});

describe('property: allocate, then free everything in any order → every heap back to its state after boot', () => {
  const chips = ['esp32', 'esp32s3', 'esp32c3', 'esp32p4'] as const;
  const objects = fc.array(
    fc.record({
      method: fc.constantFrom(...METHODS),
      size: fc.integer({ min: 0, max: 6000 }),
      align: fc.constantFrom(1, 4, 8, 16),
      count: fc.integer({ min: 1, max: 20 }),
      weak: fc.boolean(),
      caps: fc.constantFrom('DEFAULT', 'SPIRAM', 'DMA|INTERNAL', '8BIT', '32BIT', 'INTERNAL|8BIT'),
    }),
    { minLength: 1, maxLength: 8 },
  );
  test('random scenarios', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...chips),
        fc.constantFrom('4.2', '4.4', '5.0', '5.3', '5.5'),
        objects,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (chip, esp32Version, objs, perm, poison) => {
          const psram = chip === 'esp32' || chip === 'esp32s3' || chip === 'esp32p4';
          const labels = objs.map((_, i) => `o${i}`);
          const order = labels.slice();
          for (let i = 0; i < order.length; i++) {
            const j = i + ((perm[i] ?? 0) % (order.length - i));
            [order[i], order[j]] = [order[j], order[i]];
          }
          const scenario = parseScenario({
            chip,
            // Every allocator generation on ESP32 (pre-TLSF, static and dynamic TLSF, v5.5 heap order).
            idfVersion: chip === 'esp32' ? esp32Version : '5.3',
            psramSize: psram ? '2MB' : 0,
            sdkconfig: { CONFIG_HEAP_POISONING_LIGHT: poison },
            steps: [
              ...objs.map((o, i) => ({
                op: 'allocate' as const,
                label: labels[i],
                ...o,
                elements: 3,
              })),
              ...order.map((label) => ({ op: 'free' as const, label })),
              ...order.map((label) => ({ op: 'releaseWeak' as const, label })),
            ],
          });
          const withSteps = runScenario(scenario).result;
          const bootOnly = runScenario({ ...scenario, steps: [] }).result;
          const state = (r: typeof withSteps) =>
            r.heaps.map((h) => [h.name, h.free, h.largestFreeBlock, h.allocBlocks, h.freeBlocks]);
          assert.deepEqual(state(withSteps), state(bootOnly));
          assert.ok(withSteps.allocations.filter((a) => a.step > 0).every((a) => !a.live));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('PSRAM factory counters', () => {
  test('the run ends with the header’s stats line and a psramStats event', () => {
    const { events } = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      psramSize: '8MB',
      steps: [
        { op: 'allocate', label: 'f', method: 'psram_factory', size: 96, count: 10 },
        { op: 'free', label: 'f', count: 4 },
      ],
    });
    const stats = events.find((e) => e.kind === 'psramStats');
    assert.ok(stats?.kind === 'psramStats');
    assert.deepEqual(stats.stats, {
      allocs: 10,
      bytes: 1080,
      psramAllocs: 10,
      psramBytes: 1080,
      fallbacks: 0,
      fallbackBytes: 0,
      frees: 4,
      liveBytes: 648,
    });
    const line = events[events.indexOf(stats) - 1];
    assert.ok(
      line.kind === 'log' &&
        line.tag === 'psram_lens' &&
        line.message.startsWith('stats: allocs=10 bytes=1080 psram_allocs=10'),
    );
  });
});
