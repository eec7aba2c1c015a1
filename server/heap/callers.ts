/**
 * Which decoded caller of an allocation to show: the first frame in the user's code, skipping the
 * allocator, libstdc++ and ESP-IDF frames that every allocation passes through.
 */
import type { SymbolInfo } from './events';

const SYSTEM_PATH =
  /(?:^|\/)(?:esp-idf|esp_idf|\.espressif|toolchain|libstdc\+\+-v3|gcc)\/|\/components\/(?:heap|newlib|freertos|cxx|esp_system|esp_rom)\//;

export function isSystemFrame(s: SymbolInfo): boolean {
  return s.rom === true || s.file === '' || SYSTEM_PATH.test(s.file);
}

export function pickCaller(symbols: readonly SymbolInfo[]): SymbolInfo | null {
  return symbols.find((s) => !isSystemFrame(s)) ?? symbols[0] ?? null;
}
