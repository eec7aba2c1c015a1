/**
 * `MALLOC_CAP_*` bits (esp_heap_caps.h, docs/reference/memory-maps.md B1) and conversions between
 * the names a scenario may write and the numbers the allocator works with.
 */
export const CAP = {
  EXEC: 1 << 0,
  '32BIT': 1 << 1,
  '8BIT': 1 << 2,
  DMA: 1 << 3,
  SPIRAM: 1 << 10,
  INTERNAL: 1 << 11,
  DEFAULT: 1 << 12,
  IRAM_8BIT: 1 << 13,
  RETENTION: 1 << 14,
  RTCRAM: 1 << 15,
  TCM: 1 << 16,
  DMA_DESC_AHB: 1 << 17,
  DMA_DESC_AXI: 1 << 18,
  CACHE_ALIGNED: 1 << 19,
  SIMD: 1 << 20,
} as const;

export type CapName = keyof typeof CAP;

const BY_NAME = new Map<string, number>(Object.entries(CAP));

/** Common combinations, named once. */
export const CAPS_DEFAULT_INTERNAL = CAP.DEFAULT | CAP.INTERNAL;
export const CAPS_DEFAULT_SPIRAM = CAP.DEFAULT | CAP.SPIRAM;
export const CAPS_INTERNAL_8BIT = CAP.INTERNAL | CAP['8BIT'];
export const CAPS_DMA_INTERNAL = CAP.DMA | CAP.INTERNAL;
export const CAPS_SPIRAM_8BIT = CAP.SPIRAM | CAP['8BIT'];

/**
 * Parse one caps name: `MALLOC_CAP_SPIRAM`, `SPIRAM` (any case). Returns null when unknown.
 */
export function capBit(name: string): number | null {
  const key = name
    .trim()
    .toUpperCase()
    .replace(/^MALLOC_CAP_/, '');
  if (key === 'SPM') return CAP.TCM;
  return BY_NAME.get(key) ?? null;
}

/** Caps written as a number, a `"A|B"` string, or an array of names. Throws on an unknown name. */
export function parseCaps(value: number | string | readonly string[]): number {
  if (typeof value === 'number') return value >>> 0;
  const names = typeof value === 'string' ? value.split('|') : value;
  let caps = 0;
  for (const n of names) {
    if (/^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(n)) {
      caps |= Number(n.trim());
      continue;
    }
    const bit = capBit(n);
    if (bit === null) throw new Error(`unknown capability "${n.trim()}"`);
    caps |= bit;
  }
  return caps >>> 0;
}

/** `MALLOC_CAP_SPIRAM|MALLOC_CAP_8BIT` for a caps number (lowest bit first). */
export function capsToString(caps: number): string {
  const names: string[] = [];
  for (const [name, bit] of BY_NAME) if (caps & bit) names.push(`MALLOC_CAP_${name}`);
  return names.length ? names.join('|') : '0';
}
