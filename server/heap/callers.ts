/**
 * Which decoded caller of an allocation to show: the first frame in the user's code, skipping the
 * allocator, libstdc++ and ESP-IDF frames that every allocation passes through. Inlined frames
 * count: `make_shared` is usually inlined, so the user's line is often an `(inlined by)` frame.
 */
import type { SymbolInfo } from '../protocol/events';

const SYSTEM_PATH =
  /(?:^|\/)(?:esp-idf|esp_idf|\.espressif|toolchain|libstdc\+\+-v3|gcc)\/|\/components\/(?:heap|newlib|freertos|cxx|esp_system|esp_rom)\//;

interface Frame {
  function: string;
  file: string;
  fileLine: number;
}

export function isSystemFrame(f: Frame & { rom?: boolean }): boolean {
  return f.rom === true || f.file === '' || SYSTEM_PATH.test(f.file);
}

export function pickCaller(symbols: readonly SymbolInfo[]): SymbolInfo | null {
  for (const s of symbols) {
    for (const f of [s, ...(s.inlinedBy ?? [])]) {
      if (!isSystemFrame(f)) {
        return { address: s.address, function: f.function, file: f.file, fileLine: f.fileLine };
      }
    }
  }
  return symbols[0] ?? null;
}
