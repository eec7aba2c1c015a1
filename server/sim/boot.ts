/**
 * Replays ESP-IDF's boot as far as the heaps go (docs/reference/boot-heap.md F1, malloc-policy.md
 * C5): `heap_caps_init` registers the regions (startup-stack regions later), the `heap_t` array is
 * taken from the first internal heap, PSRAM is added at the list head and enables the malloc limit,
 * the system tasks get their stacks, the startup-stack regions become heaps, and the DMA/internal
 * reserve pool is carved out.
 */
import { CAP, CAPS_DMA_INTERNAL, CAPS_INTERNAL_8BIT } from '../target/caps';
import type { SimConfig } from './config';
import type { EventRecorder } from './eventLog';
import { SimHeap, type HeapAccounting, type HeapSpec } from './heap';
import { atLeast, type IdfVersion } from '../target/idfVersion';
import { HeapSystem, type Placement } from './placement';
import { classifyAddress } from '../target/memoryMap';
import { allocatorGeneration, type BootRegion } from './chipProfiles';

/** One descriptor per registered heap (caps[3], start, end, spinlock, handle, list link). */
const HEAP_T_DESCRIPTOR = 36;

export interface BootAllocation {
  label: string;
  size: number;
  placement: Placement;
}

export interface BootResult {
  system: HeapSystem;
  allocations: BootAllocation[];
  /** Bytes actually reserved for DMA/internal requests. */
  reservePool: number;
  psramHeap: SimHeap | null;
}

function heapName(label: string, address: number): string {
  return `${label}@${address.toString(16).padStart(8, '0')}`;
}

function spec(
  cfg: SimConfig,
  r: Pick<BootRegion, 'address' | 'length' | 'label' | 'caps'>,
  origin: HeapSpec['origin'],
  order: number,
): HeapSpec {
  const place = classifyAddress(cfg.chip, r.address);
  return {
    name: heapName(r.label, r.address),
    ...r,
    memory: place.memory,
    dma: place.dma,
    origin,
    order,
  };
}

export function bootSystem(cfg: SimConfig, rec: EventRecorder): BootResult {
  const v = cfg.version;
  const psram = cfg.psramMapped > 0 && (cfg.spiram === 'malloc' || cfg.spiram === 'caps');
  const gen = allocatorGeneration(cfg.profile, v, cfg.psramMapped > 0, cfg.romTlsf);
  const acct: HeapAccounting = {
    chargeHeader: atLeast(v, 4, 4, 2),
    poisoning: cfg.poisoning !== 'disabled',
  };
  const system = new HeapSystem({
    mallocLimit: -1,
    taskTracking: cfg.taskTracking && atLeast(v, 5, 0),
    diram: cfg.profile.diram,
    adjustDmaCaps: atLeast(v, 5, 3),
    skipLowPriorityDefault: atLeast(v, 6, 1),
  });
  const allocations: BootAllocation[] = [];

  rec.log('I', 'heap_init', 'Initializing. RAM available for dynamic allocation:');
  // v5.5+ keeps boot heaps sorted by size (smallest first); before, in table order.
  const order = cfg.regions.map((r, i) => ({ r, i }));
  if (atLeast(v, 5, 5)) order.sort((a, b) => a.r.length - b.r.length || a.i - b.i);
  const deferred: SimHeap[] = [];
  for (const { r, i } of cfg.regions.map((r, i) => ({ r, i }))) {
    rec.heapRegion(r.address, r.length, r.label);
    const heap = SimHeap.create(
      spec(
        cfg,
        r,
        'boot',
        order.findIndex((o) => o.i === i),
      ),
      acct,
      gen,
    );
    if (!heap) continue;
    if (r.startupStack) deferred.push(heap);
    else system.add(heap);
  }

  const firstInternal = system.heaps.find(
    (h) => (h.capsUnion & CAPS_INTERNAL_8BIT) === CAPS_INTERNAL_8BIT,
  );
  if (firstInternal) {
    const size = HEAP_T_DESCRIPTOR * (system.heaps.length + deferred.length);
    const r = firstInternal.malloc(size);
    allocations.push({
      label: 'heap_t array',
      size,
      placement: r
        ? {
            ok: true,
            heap: firstInternal,
            address: r.address,
            request: size,
            block: r.block,
            charged: r.charged,
            caps: CAPS_INTERNAL_8BIT,
            fallbacks: 0,
          }
        : { ok: false, caps: CAPS_INTERNAL_8BIT, function: 'multi_heap_malloc' },
    });
  }

  let psramHeap: SimHeap | null = null;
  if (psram && cfg.profile.psram) {
    psramHeap = addPsram(cfg, rec, acct, gen);
    if (psramHeap) system.add(psramHeap);
    if (cfg.spiram === 'malloc') system.setMallocLimit(cfg.alwaysInternal);
  }

  if (cfg.boot) {
    // FreeRTOS v5.1+ pvPortMalloc is internal-only; before, RISC-V stacks went through malloc.
    const viaMalloc = !atLeast(v, 5, 1) && cfg.profile.arch === 'riscv';
    const take = (label: string, size: number) => {
      const placement = viaMalloc
        ? system.mallocDefault(size)
        : system.heapCapsMalloc(size, CAPS_INTERNAL_8BIT, 4, 'pvPortMalloc');
      allocations.push({ label, size, placement });
    };
    for (const t of cfg.tasks) take(`${t.name} task stack`, t.stack);
    if (cfg.profile.otherBootBytes > 0) {
      take('other system objects (calibrated)', cfg.profile.otherBootBytes);
    }
  }
  for (const heap of deferred) system.add(heap);

  const reservePool =
    cfg.spiram === 'malloc' && psramHeap
      ? reserveInternal(cfg, rec, system, acct, gen, allocations)
      : 0;
  return { system, allocations, reservePool, psramHeap };
}

function addPsram(
  cfg: SimConfig,
  rec: EventRecorder,
  acct: HeapAccounting,
  gen: ReturnType<typeof allocatorGeneration>,
): SimHeap | null {
  const v = cfg.version;
  const { base } = cfg.profile.psram?.(v) ?? { base: 0 };
  const v5 = atLeast(v, 5, 0);
  if (cfg.psramMapped < cfg.psramSize) {
    rec.log(
      'W',
      v5 ? 'esp_psram' : 'spiram',
      `Virtual address not enough for PSRAM, map as much as we can. ${cfg.psramMapped >> 20}MB is mapped`,
    );
  }
  // v4.x registers [start, start + size - 1): one byte short.
  const length = v5 ? cfg.psramMapped : cfg.psramMapped - 1;
  const p2 = CAP['8BIT'] | CAP['32BIT'] | (atLeast(v, 5, 5) ? CAP.SIMD : 0);
  const heap = SimHeap.create(
    spec(
      cfg,
      { address: base, length, label: 'SPIRAM', caps: [CAP.SPIRAM | CAP.DEFAULT, 0, p2] },
      'psram',
      -1,
    ),
    acct,
    gen,
  );
  const kib = Math.floor(cfg.psramMapped / 1024);
  rec.psramPool(
    cfg.psramMapped,
    v5 ? 'esp_psram' : 'spiram',
    v5
      ? `Adding pool of ${kib}K of PSRAM memory to heap allocator`
      : `Adding pool of ${kib}K of external SPI memory to heap allocator`,
  );
  return heap;
}

/**
 * The reserve pool's caps by priority (docs/reference/malloc-policy.md C5, C8): DMA|INTERNAL at
 * medium priority; v5.5.5 (and 6.0) add DEFAULT at low priority, so malloc() reaches the pool once
 * the other internal heaps are full; v6.1 keeps only DMA at medium and moves INTERNAL down with
 * DEFAULT, so INTERNAL-only requests (task stacks) use it last.
 */
export function reservePoolCaps(v: IdfVersion): readonly [number, number, number] {
  const low = CAP['8BIT'] | CAP['32BIT'];
  if (atLeast(v, 6, 1)) return [0, CAP.DMA, low | CAP.DEFAULT | CAP.INTERNAL];
  if (atLeast(v, 6, 0) || (v.major === 5 && atLeast(v, 5, 5, 5))) {
    return [0, CAPS_DMA_INTERNAL, low | CAP.DEFAULT];
  }
  return [0, CAPS_DMA_INTERNAL, low];
}

/**
 * docs/reference/malloc-policy.md C5: chunks of min(largest DMA|INTERNAL block, remaining), each
 * registered as a heap at the head.
 */
function reserveInternal(
  cfg: SimConfig,
  rec: EventRecorder,
  system: HeapSystem,
  acct: HeapAccounting,
  gen: ReturnType<typeof allocatorGeneration>,
  allocations: BootAllocation[],
): number {
  let remaining = cfg.reserveInternal;
  if (remaining > 0) {
    const tag = atLeast(cfg.version, 5, 0) ? 'esp_psram' : 'spiram';
    rec.log(
      'I',
      tag,
      `Reserving pool of ${Math.floor(remaining / 1024)}K of internal memory for DMA/internal allocations`,
    );
  }
  let reserved = 0;
  let order = -2;
  while (remaining > 0) {
    const chunk = Math.min(system.largestFreeBlock(CAPS_DMA_INTERNAL), remaining);
    const placement =
      chunk > 0
        ? system.heapCapsMalloc(chunk, CAPS_DMA_INTERNAL)
        : ({ ok: false, caps: CAPS_DMA_INTERNAL, function: 'heap_caps_malloc' } as const);
    allocations.push({ label: 'DMA/internal reserve pool', size: chunk, placement });
    if (!placement.ok) {
      rec.text('Could not reserve internal/DMA pool (error 0x101)');
      break;
    }
    const region = {
      address: placement.address,
      length: chunk - 1,
      label: 'RESERVE',
      caps: reservePoolCaps(cfg.version),
    };
    const heap = SimHeap.create(spec(cfg, region, 'reserve', order--), acct, gen);
    if (heap) system.add(heap);
    remaining -= chunk;
    reserved += chunk;
  }
  return reserved;
}
