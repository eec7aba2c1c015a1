/**
 * Reading `sdkconfig` / `sdkconfig.defaults`: the facts that decide where an allocation lands.
 * Format (ESP-IDF kconfgen): `CONFIG_X=y`, `CONFIG_X=123`, `CONFIG_X=0x10`, `CONFIG_X="text"`,
 * `# CONFIG_X is not set`. Unparseable lines are reported, never fatal.
 */
import { type Chip, isChip } from '../target/chips';

export type SdkValue = string | number | boolean;

export interface SdkconfigParse {
  values: Map<string, SdkValue>;
  errors: { line: number; message: string }[];
}

const ASSIGN = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^#\s*(CONFIG_[A-Za-z0-9_]+) is not set\s*$/;

export function parseSdkconfig(text: string): SdkconfigParse {
  const values = new Map<string, SdkValue>();
  const errors: SdkconfigParse['errors'] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const unset = NOT_SET.exec(line);
    if (unset) {
      values.set(unset[1], false);
      return;
    }
    if (line.startsWith('#')) return;
    const m = ASSIGN.exec(line);
    const value = m ? parseValue(m[2]) : undefined;
    if (!m || value === undefined) {
      errors.push({ line: i + 1, message: `cannot parse "${line.slice(0, 60)}"` });
      return;
    }
    values.set(m[1], value);
  });
  return { values, errors };
}

function parseValue(v: string): SdkValue | undefined {
  if (v === 'y') return true;
  if (v === 'n') return false;
  if (/^"(?:[^"\\]|\\.)*"$/.test(v)) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^-?\d+$/.test(v)) return Number(v);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return Number.parseInt(v, 16);
  return undefined;
}

/** How the project's heap is configured, as far as PSRAM placement goes. `null` = not known. */
export interface PsramConfig {
  target: Chip | null;
  /** CONFIG_IDF_TARGET as written, also for chips PSRAM Lens has no memory map for. */
  targetName: string | null;
  psram: boolean | null;
  spiramUseMalloc: boolean | null;
  spiramUseCapsAlloc: boolean | null;
  spiramUseMemmap: boolean | null;
  /** CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: requests of at most this many bytes stay internal (inclusive). */
  alwaysInternalThreshold: number | null;
  reserveInternal: number | null;
}

export const UNKNOWN_CONFIG: PsramConfig = {
  target: null,
  targetName: null,
  psram: null,
  spiramUseMalloc: null,
  spiramUseCapsAlloc: null,
  spiramUseMemmap: null,
  alwaysInternalThreshold: null,
  reserveInternal: null,
};

/** Kconfig defaults (esp_psram/Kconfig.spiram.common) apply where a defaults file leaves an option out. */
const KCONFIG_ALWAYSINTERNAL = 16384;
const KCONFIG_RESERVE_INTERNAL = 32768;

/**
 * A full `sdkconfig` lists every visible option, so a missing `CONFIG_SPIRAM` means "off".
 * `sdkconfig.defaults` lists only overrides, so missing options take their Kconfig defaults.
 */
export function psramConfigFrom(values: Map<string, SdkValue>): PsramConfig {
  const bool = (k: string): boolean => values.get(k) === true;
  const num = (k: string, dflt: number): number => {
    const v = values.get(k);
    return typeof v === 'number' ? v : dflt;
  };
  const targetName =
    typeof values.get('CONFIG_IDF_TARGET') === 'string'
      ? (values.get('CONFIG_IDF_TARGET') as string)
      : null;
  const psram = bool('CONFIG_SPIRAM');
  const caps = bool('CONFIG_SPIRAM_USE_CAPS_ALLOC');
  const memmap = bool('CONFIG_SPIRAM_USE_MEMMAP');
  // USE_MALLOC is the Kconfig default of the "SPI RAM access method" choice.
  const useMalloc = psram && (bool('CONFIG_SPIRAM_USE_MALLOC') || (!caps && !memmap));
  return {
    target: isChip(targetName) ? targetName : null,
    targetName,
    psram,
    spiramUseMalloc: psram ? useMalloc : false,
    spiramUseCapsAlloc: psram ? caps : false,
    spiramUseMemmap: psram ? memmap : false,
    alwaysInternalThreshold: useMalloc
      ? num('CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL', KCONFIG_ALWAYSINTERNAL)
      : null,
    reserveInternal:
      psram && !memmap
        ? num('CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL', KCONFIG_RESERVE_INTERNAL)
        : null,
  };
}
