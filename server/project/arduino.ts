/**
 * The PSRAM configuration arduino-esp32 ships: its prebuilt ESP-IDF libraries are configured with
 * CONFIG_SPIRAM=y (SPIRAM_USE_MALLOC, the Kconfig default), CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=4096
 * and CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL=0, and the core adds PSRAM to the malloc heap at start-up
 * when the chip has it (docs/reference/arduino-esp32.md, sections H1-H3).
 */
import { type Chip, isChip } from '../target/chips';
import { type PsramConfig, type SdkValue, psramConfigFrom } from './sdkconfig';

/** The sdkconfig values of the arduino-esp32 libraries that decide placement (H1). */
export const ARDUINO_CORE_SDKCONFIG: ReadonlyMap<string, SdkValue> = new Map<string, SdkValue>([
  ['CONFIG_SPIRAM', true],
  ['CONFIG_SPIRAM_USE_MALLOC', true],
  ['CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL', 4096],
  ['CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL', 0],
]);

/** Macros every Arduino-ESP32 build defines. */
export const ARDUINO_DEFINES: ReadonlyMap<string, SdkValue> = new Map<string, SdkValue>([
  ['ARDUINO', 10819],
  ['ESP_PLATFORM', 1],
  ['ARDUINO_ARCH_ESP32', 1],
  ['ESP32', 1],
]);

/** The chip of a board id (`esp32-s3-devkitc-1` → esp32s3, `esp32dev` → esp32), if it names one. */
export function chipOfBoard(board: string | null): Chip | null {
  if (!board) return null;
  const m = /esp32-?([a-z]\d+)?/i.exec(board);
  if (!m) return null;
  const chip = `esp32${(m[1] ?? '').toLowerCase()}`;
  return isChip(chip) ? chip : null;
}

/**
 * The configuration of an Arduino build without its own sdkconfig. `psram` is false only when known
 * to be off; PlatformIO's `-DBOARD_HAS_PSRAM` says the board has it (H3); a sketch without board
 * information is graded as the core is built (PSRAM on).
 */
export function arduinoConfig(chip: Chip | null, hasPsram: boolean | null): PsramConfig {
  const values = new Map(ARDUINO_CORE_SDKCONFIG);
  if (chip) values.set('CONFIG_IDF_TARGET', chip);
  if (hasPsram === false) values.set('CONFIG_SPIRAM', false);
  const config = psramConfigFrom(values);
  return hasPsram === null ? { ...config, psram: null } : config;
}
