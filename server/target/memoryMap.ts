/**
 * Where an address lives on each chip (internal data RAM, IRAM used as heap, RTC RAM, PSRAM),
 * and whether it is DMA-capable internal memory (`esp_ptr_dma_capable`, i.e. what
 * MALLOC_CAP_DMA heaps cover; PSRAM heaps never carry MALLOC_CAP_DMA, so they report false).
 *
 * Ranges are [low, high) from docs/reference/memory-maps.md B2, B4 (soc.h, memory_layout.c).
 */
import { CHIPS, type Chip, type MemoryKind } from './chips';

export interface MemoryRange {
  low: number;
  high: number;
  memory: Exclude<MemoryKind, 'unknown'>;
  dma: boolean;
  /** Human name of the range, for tooltips and region labels. */
  name: string;
}

export interface Placement {
  memory: MemoryKind;
  dma: boolean;
}

function r(low: number, high: number, memory: MemoryRange['memory'], dma: boolean, name: string) {
  return { low, high, memory, dma, name };
}

export const MEMORY_MAPS: Readonly<Record<Chip, readonly MemoryRange[]>> = {
  esp32: [
    r(0x3f800000, 0x3fc00000, 'psram', false, 'external RAM'),
    r(0x3ff80000, 0x3ff82000, 'rtc', false, 'RTC FAST (data)'),
    r(0x3ffae000, 0x40000000, 'internal', true, 'DRAM'),
    // IRAM heap types plus the EXEC alias of D/IRAM (0x400A0000–0x400C0000).
    r(0x40070000, 0x400c0000, 'iram', false, 'IRAM'),
    r(0x400c0000, 0x400c2000, 'rtc', false, 'RTC FAST (instruction)'),
    r(0x50000000, 0x50002000, 'rtc', false, 'RTC SLOW'),
  ],
  esp32s2: [
    r(0x3f500000, 0x3ff80000, 'psram', false, 'external RAM'),
    r(0x3ff9e000, 0x3ffa0000, 'rtc', false, 'RTC FAST (data)'),
    r(0x3ffb0000, 0x40000000, 'internal', true, 'DRAM'),
    r(0x40020000, 0x40070000, 'iram', false, 'IRAM'),
    r(0x40070000, 0x40072000, 'rtc', false, 'RTC FAST (instruction)'),
    r(0x50000000, 0x50002000, 'rtc', false, 'RTC SLOW'),
  ],
  esp32s3: [
    // v5.0+ window; the v4.4 window 0x3D000000–0x3E000000 lies inside it.
    r(0x3c000000, 0x3e000000, 'psram', false, 'external RAM'),
    r(0x3fc88000, 0x3fd00000, 'internal', true, 'DRAM'),
    r(0x40370000, 0x403e0000, 'iram', false, 'IRAM'),
    r(0x50000000, 0x50002000, 'rtc', false, 'RTC SLOW'),
    r(0x600fe000, 0x60100000, 'rtc', false, 'RTC FAST'),
  ],
  esp32c3: [
    r(0x3fc80000, 0x3fce0000, 'internal', true, 'DRAM'),
    r(0x4037c000, 0x403e0000, 'iram', false, 'IRAM'),
    r(0x50000000, 0x50002000, 'rtc', false, 'RTC'),
  ],
  esp32c6: [
    // Same address on the instruction and data bus: reported as internal data RAM.
    r(0x40800000, 0x40880000, 'internal', true, 'HP SRAM'),
    r(0x50000000, 0x50004000, 'rtc', false, 'LP SRAM'),
  ],
  esp32h2: [
    r(0x40800000, 0x40850000, 'internal', true, 'SRAM'),
    r(0x50000000, 0x50001000, 'rtc', false, 'LP SRAM'),
  ],
  esp32p4: [
    r(0x30100000, 0x30102000, 'internal', false, 'TCM'),
    r(0x48000000, 0x4c000000, 'psram', false, 'external RAM'),
    r(0x4ff00000, 0x4ffc0000, 'internal', true, 'L2MEM'),
    r(0x50108000, 0x50110000, 'rtc', false, 'LP SRAM'),
  ],
};

/** The range of `chip` that holds `address`, or null. */
export function findRange(chip: Chip, address: number): MemoryRange | null {
  for (const range of MEMORY_MAPS[chip]) {
    if (address >= range.low && address < range.high) return range;
  }
  return null;
}

/** Shared, frozen placement values: classification runs for every address of a log, allocation-free. */
const PLACEMENTS = new Map<MemoryKind, readonly [Placement, Placement]>(
  (['internal', 'iram', 'rtc', 'psram', 'unknown'] as const).map((m) => [
    m,
    [Object.freeze({ memory: m, dma: false }), Object.freeze({ memory: m, dma: true })],
  ]),
);

function placement(memory: MemoryKind, dma: boolean): Placement {
  return (PLACEMENTS.get(memory) as readonly [Placement, Placement])[dma ? 1 : 0];
}

const UNKNOWN = placement('unknown', false);

/** What every chip that maps `address` agrees on (the chip-less rule), computed the slow way. */
function agreed(address: number): Placement {
  let found: Placement | null = null;
  for (const c of CHIPS) {
    const range = findRange(c, address);
    if (!range) continue;
    if (found === null) found = placement(range.memory, range.dma);
    else if (found.memory !== range.memory) return UNKNOWN;
    else if (found.dma !== range.dma) found = placement(found.memory, false);
  }
  return found ?? UNKNOWN;
}

/** The chip-less answer as sorted intervals [low, next low): it only changes at range bounds. */
const CHIPLESS: { low: number; placement: Placement }[] = (() => {
  const bounds = new Set<number>([0]);
  for (const c of CHIPS) {
    for (const r of MEMORY_MAPS[c]) bounds.add(r.low).add(r.high);
  }
  const out: { low: number; placement: Placement }[] = [];
  for (const low of [...bounds].sort((a, b) => a - b)) {
    const p = agreed(low);
    if (out.length === 0 || out[out.length - 1].placement !== p) out.push({ low, placement: p });
  }
  return out;
})();

function chipless(address: number): Placement {
  let lo = 0;
  let hi = CHIPLESS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (CHIPLESS[mid].low <= address) lo = mid;
    else hi = mid - 1;
  }
  return CHIPLESS[lo].placement;
}

/**
 * Classify `address` (the result is shared and frozen). With no chip, an address is classified
 * only when every chip that maps it agrees on the kind (e.g. 0x3FFB2AC8 is internal on ESP32 and
 * S2); otherwise `unknown`.
 */
export function classifyAddress(chip: Chip | null, address: number): Placement {
  if (chip === null) return chipless(address);
  const range = findRange(chip, address);
  return range ? placement(range.memory, range.dma) : UNKNOWN;
}
