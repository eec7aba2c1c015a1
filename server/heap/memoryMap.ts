/**
 * Where an address lives on each chip (internal data RAM, IRAM used as heap, RTC RAM, PSRAM),
 * and whether it is DMA-capable internal memory (`esp_ptr_dma_capable`, i.e. what
 * MALLOC_CAP_DMA heaps cover; PSRAM heaps never carry MALLOC_CAP_DMA, so they report false).
 *
 * Ranges are [low, high) from ../shared/reference/esp-heap-facts.md B2/B4 (soc.h, memory_layout.c).
 */
import { CHIPS, type Chip, type MemoryKind } from './events';

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

const UNKNOWN: Placement = { memory: 'unknown', dma: false };

/**
 * Classify `address`. With no chip, an address is classified only when every chip that maps it
 * agrees on the kind (e.g. 0x3FFB2AC8 is internal on ESP32 and S2); otherwise `unknown`.
 */
export function classifyAddress(chip: Chip | null, address: number): Placement {
  if (chip !== null) {
    const range = findRange(chip, address);
    return range ? { memory: range.memory, dma: range.dma } : UNKNOWN;
  }
  let found: Placement | null = null;
  for (const c of CHIPS) {
    const range = findRange(c, address);
    if (!range) continue;
    if (found === null) found = { memory: range.memory, dma: range.dma };
    else if (found.memory !== range.memory) return UNKNOWN;
    else if (found.dma !== range.dma) found = { memory: found.memory, dma: false };
  }
  return found ?? UNKNOWN;
}
