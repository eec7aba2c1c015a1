/**
 * The chips PSRAM Lens knows, and the kinds of memory an address can live in. Every part of the
 * engine (analysis, simulator, log parser, heap model) names chips through this one list.
 */

/** The chips PSRAM Lens knows the memory map of (`--chip`, CONFIG_IDF_TARGET). */
export const CHIPS = [
  'esp32',
  'esp32s2',
  'esp32s3',
  'esp32c3',
  'esp32c6',
  'esp32h2',
  'esp32p4',
] as const;
export type Chip = (typeof CHIPS)[number];

export function isChip(x: unknown): x is Chip {
  return typeof x === 'string' && (CHIPS as readonly string[]).includes(x);
}

/** Where an address lives on the chip; `unknown` when the chip is not known and the address is ambiguous. */
export type MemoryKind = 'internal' | 'iram' | 'rtc' | 'psram' | 'unknown';

/**
 * The libstdc++ lock policy of each chip's toolchain: it decides the shared_ptr control-block
 * header (docs/reference/shared-ptr-layout.md E1).
 */
export type LockPolicy = 'atomic' | 'mutex';

/**
 * libstdc++ `_Sp_counted_base` lock policy per chip: Xtensa ESP32/ESP32-S3 have atomic
 * compare-and-swap (`_S_atomic`); ESP32-S2 and the RISC-V chips use `_S_mutex`.
 */
export const LOCK_POLICY: Readonly<Record<Chip, LockPolicy>> = {
  esp32: 'atomic',
  esp32s2: 'mutex',
  esp32s3: 'atomic',
  esp32c3: 'mutex',
  esp32c6: 'mutex',
  esp32h2: 'mutex',
  esp32p4: 'mutex',
};
