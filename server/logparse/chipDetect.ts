/**
 * The chip, from what a boot log says about itself: the ROM banner (`ESP-ROM:esp32s3-20210327`;
 * ESP32's `ets Jun  8 2016 00:22:57`), the bootloader's tag (`boot.esp32s3`), hello_world's
 * `This is esp32s3 chip with ...`, esptool's `Chip is ESP32-S3 ...` / `Chip type: ESP32-S3`,
 * and the `spiram` driver's `This chip is ESP32-D0WD`.
 */
import { isChip, type Chip } from '../target/chips';

const ETS_BANNER = /^ets [A-Z][a-z]{2} [ \d]\d \d{4} \d\d:\d\d:\d\d$/;
const HELLO = /^This is (esp32[a-z0-9]{0,4}) chip with/;
const ESPTOOL = /^(?:Chip is|Chip type:|This chip is) (ESP32(?:-[A-Z0-9]{1,12})?)/;

/** `ESP32-S3` → esp32s3, `ESP32-D0WD-V3` / `ESP32-PICO-V3-02` → esp32. */
export function chipFromProductName(name: string): Chip | null {
  const m = /^ESP32(?:-([A-Z0-9]{1,12}))?/.exec(name.toUpperCase());
  if (!m) return null;
  const variant = m[1] ?? '';
  const short = `esp32${variant.toLowerCase()}`;
  if (isChip(short)) return short;
  // ESP32 module/package names (D0WD, U4WDH, PICO, ...) never collide with the S/C/H/P series.
  return /^[SCHP]\d/.test(variant) ? null : 'esp32';
}

/** From a raw (non-ESP_LOG) line. */
export function chipFromText(text: string): Chip | null {
  const c = text.charCodeAt(0);
  // E(SP-ROM), e(ts), T(his ...), C(hip ...): every other line is done after one comparison.
  if (c !== 69 && c !== 101 && c !== 84 && c !== 67) return null;
  if (text.startsWith('ESP-ROM:')) {
    const name = text.slice(8).split('-')[0];
    return isChip(name) ? name : null;
  }
  if (text.startsWith('ets ') && ETS_BANNER.test(text)) return 'esp32';
  let m = HELLO.exec(text);
  if (m) return isChip(m[1]) ? m[1] : null;
  m = ESPTOOL.exec(text);
  return m ? chipFromProductName(m[1]) : null;
}

/** From an ESP_LOG line's tag and message. */
export function chipFromLog(tag: string, message: string): Chip | null {
  if (tag.startsWith('boot.')) {
    const name = tag.slice(5);
    return isChip(name) ? name : null;
  }
  if (message.startsWith('This chip is ')) return chipFromText(message);
  return null;
}
