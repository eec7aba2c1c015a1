import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countedPtrSize,
  inplaceSize,
  planAllocations,
  type MethodOptions,
} from '../../../server/target/cppModels';
import { run } from './helpers';

describe('libstdc++ control blocks (docs/reference/shared-ptr-layout.md E2)', () => {
  // [sizeof, alignof, atomic, mutex]
  const table: [string, number, number, number, number][] = [
    ['empty struct', 1, 1, 16, 20],
    ['int', 4, 4, 16, 20],
    ['3 ints', 12, 4, 24, 28],
    ['double', 8, 8, 24, 24],
    ['{long long; int}', 16, 8, 32, 32],
    ['96-byte struct', 96, 4, 108, 112],
  ];
  for (const [name, size, align, atomic, mutex] of table) {
    test(`make_shared<${name}>: ${atomic} (Xtensa) / ${mutex} (RISC-V)`, () => {
      assert.equal(inplaceSize({ size, align }, 'atomic'), atomic);
      assert.equal(inplaceSize({ size, align }, 'mutex'), mutex);
    });
  }

  test('shared_ptr(new T) control block: 16 / 20; a 4-byte stateful allocator adds 4', () => {
    assert.equal(countedPtrSize('atomic'), 16);
    assert.equal(countedPtrSize('mutex'), 20);
    assert.equal(inplaceSize({ size: 4, align: 4 }, 'atomic', 4), 20);
  });

  test('allocations per construction (E3)', () => {
    const o: MethodOptions = {
      policy: 'atomic',
      elements: 10,
      cookie: true,
      allocatorCaps: null,
      allocatorState: 0,
      caps: [],
    };
    const t = { size: 96, align: 4 };
    assert.deepEqual(
      planAllocations('make_shared', t, o).map((p) => [p.role, p.size, p.route.kind]),
      [['block', 108, 'new']],
    );
    assert.deepEqual(
      planAllocations('shared_ptr_new', t, o).map((p) => [p.role, p.size]),
      [
        ['object', 96],
        ['control', 16],
      ],
    );
    assert.deepEqual(
      planAllocations('psram_factory', t, o).map((p) => p.route),
      [{ kind: 'caps', chain: [0x404, 0x1800] }],
    );
    assert.equal(planAllocations('new[]', t, o)[0].size, 964);
    assert.equal(planAllocations('new', { size: 0, align: 1 }, o)[0].size, 1);
  });
});

describe('footprints on the device (docs/reference/shared-ptr-layout.md E4 table)', () => {
  const charged = (
    chip: 'esp32s3' | 'esp32c3',
    method: 'make_shared' | 'shared_ptr_new',
    size: number,
  ) =>
    run({
      chip,
      idfVersion: '5.3',
      steps: [{ op: 'allocate', label: 'x', method, size }],
    }).result.allocations.filter((a) => a.label === 'x');

  test('make_shared<96 B>: request 108 → charged 112 on Xtensa, 112 → 116 on RISC-V', () => {
    assert.deepEqual(
      charged('esp32s3', 'make_shared', 96).map((a) => [a.requestedSize, a.charged]),
      [[108, 112]],
    );
    assert.deepEqual(
      charged('esp32c3', 'make_shared', 96).map((a) => [a.requestedSize, a.charged]),
      [[112, 116]],
    );
  });

  test('shared_ptr(new T), 96 B: two blocks, 100 + 20 = 120 (Xtensa), 100 + 24 = 124 (RISC-V)', () => {
    assert.equal(
      charged('esp32s3', 'shared_ptr_new', 96).reduce((n, a) => n + a.charged, 0),
      120,
    );
    assert.equal(
      charged('esp32c3', 'shared_ptr_new', 96).reduce((n, a) => n + a.charged, 0),
      124,
    );
  });

  test('light poisoning adds 12 bytes per block', () => {
    const r = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      sdkconfig: { CONFIG_HEAP_POISONING_LIGHT: true },
      steps: [{ op: 'allocate', label: 'x', method: 'make_shared', size: 96 }],
    });
    assert.equal(r.result.allocations.find((a) => a.label === 'x')?.charged, 124);
  });
});

describe('lifetimes', () => {
  test('a weak_ptr keeps the whole make_shared block until it is released', () => {
    const r = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      steps: [
        { op: 'allocate', label: 'w', method: 'make_shared', size: 96, count: 10, weak: true },
        { op: 'free', label: 'w' },
        { op: 'snapshot', label: 'owners gone' },
        { op: 'releaseWeak', label: 'w' },
      ],
    });
    const snaps = r.events.filter((e) => e.kind === 'heapInfo');
    const frees = r.events.filter((e) => e.kind === 'deallocation');
    assert.equal(frees.length, 10);
    // The snapshot after the owners went still shows the blocks allocated.
    const ownersGone = snaps[1];
    const end = snaps[2];
    assert.ok(ownersGone.kind === 'heapInfo' && end.kind === 'heapInfo');
    assert.equal(ownersGone.totals!.free + 1120, end.totals!.free);
  });

  test('with shared_ptr(new T) and a weak_ptr only the control block stays', () => {
    const r = run({
      chip: 'esp32s3',
      idfVersion: '5.3',
      steps: [
        { op: 'allocate', label: 'w', method: 'shared_ptr_new', size: 96, weak: true },
        { op: 'free', label: 'w' },
      ],
    });
    const live = r.result.allocations.filter((a) => a.label === 'w' && a.live);
    assert.deepEqual(
      live.map((a) => a.requestedSize),
      [16],
    );
  });

  test('weak_ptr::lock() creates the lazy mutex (≈ 88 B internal, never freed) on RISC-V only', () => {
    const steps = [
      { op: 'allocate', label: 'l', method: 'make_shared', size: 32, count: 5 },
      { op: 'lockWeak', label: 'l' },
      { op: 'free', label: 'l' },
    ] as const;
    const riscv = run({ chip: 'esp32c3', idfVersion: '5.3', steps: [...steps] }).result;
    const xtensa = run({ chip: 'esp32s3', idfVersion: '5.3', steps: [...steps] }).result;
    const mutex = riscv.allocations.filter((a) => a.method === 'lazy mutex');
    assert.equal(mutex.length, 10);
    assert.ok(mutex.every((a) => a.live && a.memory === 'internal'));
    assert.equal(xtensa.allocations.filter((a) => a.method === 'lazy mutex').length, 0);
  });
});

describe('weak references only where there is a control block', () => {
  test('"weak" on malloc/new objects changes nothing: free gives everything back', () => {
    const r = run({
      chip: 'esp32c3',
      idfVersion: '5.3',
      steps: [
        { op: 'allocate', label: 'm', method: 'malloc', size: 64, count: 3, weak: true },
        { op: 'allocate', label: 'n', method: 'new', size: 64, count: 3, weak: true },
        { op: 'lockWeak', label: 'm' },
        { op: 'free', label: 'm' },
        { op: 'free', label: 'n' },
      ],
    }).result;
    assert.ok(r.allocations.filter((a) => a.step > 0).every((a) => !a.live));
    assert.equal(r.allocations.filter((a) => a.method === 'lazy mutex').length, 0);
  });
});
