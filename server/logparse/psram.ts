/**
 * PSRAM boot lines: tag `spiram` (v3.x–v4.4), `esp_psram` (v5.0+), chip drivers `quad_psram` /
 * `octal_psram`, plus `cpu_start`'s "continuing without it". Each line yields a fact on its
 * `log` event; the pool line also yields a `psramPool` event.
 */
import type { PsramBootFact } from '../protocol/events';

export const PSRAM_TAGS = new Set(['spiram', 'esp_psram', 'quad_psram', 'octal_psram', 'psram']);

const MIB = 1024 * 1024;

interface Rule {
  re: RegExp;
  fact: (m: RegExpExecArray) => PsramBootFact;
}

const RULES: Rule[] = [
  {
    re: /^Found (\d{1,6})MBit SPI RAM device$/,
    fact: (m) => ({ fact: 'found', bytes: (+m[1] * MIB) / 8 }),
  },
  { re: /^Found (\d{1,6})MB PSRAM device$/, fact: (m) => ({ fact: 'found', bytes: +m[1] * MIB }) },
  { re: /^Speed: (\d{1,5})MHz$/, fact: (m) => ({ fact: 'speed', mhz: +m[1] }) },
  { re: /^SPI RAM mode: (.{1,40})$/, fact: (m) => ({ fact: 'mode', text: m[1] }) },
  {
    re: /^PSRAM initialized, cache is in (.{1,40}) mode\.$/,
    fact: (m) => ({ fact: 'cacheMode', text: m[1] }),
  },
  { re: /^SPI SRAM memory test OK$/, fact: () => ({ fact: 'memoryTest', ok: true }) },
  { re: /^SPI SRAM memory test fail\b/, fact: () => ({ fact: 'memoryTest', ok: false }) },
  {
    re: /^Adding pool of (\d{1,9})K of (?:external SPI memory|PSRAM memory)(?: gap generated due to end address alignment of ([di]rom))? to (?:the )?heap allocator$/,
    fact: (m) => ({ fact: 'pool', bytes: +m[1] * 1024, ...(m[2] ? { text: `${m[2]} gap` } : {}) }),
  },
  {
    re: /^Adding pool of (\d{1,12}) Byte\(spiram \.bss page unused area\) of external SPI memory to heap allocator$/,
    fact: (m) => ({ fact: 'pool', bytes: +m[1], text: 'spiram .bss page unused area' }),
  },
  {
    re: /^Reserving pool of (\d{1,9})K of internal memory for DMA\/internal allocations$/,
    fact: (m) => ({ fact: 'reserve', bytes: +m[1] * 1024 }),
  },
  {
    re: /^Virtual address not enough for PSRAM, map as much as we can\. (\d{1,6})MB is mapped$/,
    fact: (m) => ({ fact: 'mapped', bytes: +m[1] * MIB }),
  },
  { re: /^This chip is (ESP32[-\w]{0,30})$/, fact: (m) => ({ fact: 'chip', text: m[1] }) },
  {
    re: /^density {6}: 0x[0-9a-f]{2} \((\d{1,5}) Mbit\)$/,
    fact: (m) => ({ fact: 'modeRegister', bytes: (+m[1] * MIB) / 8, text: 'density' }),
  },
  {
    re: /^(vendor id|dev id|good-die|Latency|VCC|SRF|BurstType|BurstLen|Readlatency|DriveStrength) {0,8}: 0x[0-9a-f]{2}/,
    fact: (m) => ({ fact: 'modeRegister', text: m[1] }),
  },
  {
    re: /^(?:External RAM could not be added to heap!|PSRAM enabled but initialization failed\. Bailing out\.|Failed to init external RAM; continuing without it\.|PSRAM ID read error: 0x[0-9a-f]{1,8})/,
    fact: (m) => ({ fact: 'failed', text: m[0] }),
  },
];

/** The fact a PSRAM boot message states, or null. `tag` narrows which messages are considered. */
export function parsePsramLine(tag: string, message: string): PsramBootFact | null {
  if (!PSRAM_TAGS.has(tag) && tag !== 'cpu_start') return null;
  for (const rule of RULES) {
    const m = rule.re.exec(message);
    if (m) return rule.fact(m);
  }
  return null;
}
