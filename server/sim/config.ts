/**
 * From a scenario (and an optional sdkconfig file's values) to the simulator's configuration:
 * which PSRAM mode, limits, poisoning, TLSF generation and boot regions apply. Option names are
 * the sdkconfig's `CONFIG_*` keys with their ESP-IDF defaults (docs/reference/malloc-policy.md C1,
 * allocator-overhead.md D5).
 */
import type { Chip } from '../target/chips';
import type { SdkValue } from '../project/sdkconfig';
import { CAP } from '../target/caps';
import {
  CHIP_PROFILES,
  type BootRegion,
  type BootTask,
  type Caps3,
  type ChipProfile,
} from './chipProfiles';
import { LOCK_POLICY, type LockPolicy } from '../target/chips';
import { OLDEST_SUPPORTED, atLeast, parseIdfVersion, type IdfVersion } from '../target/idfVersion';
import { ScenarioError, type RegionInput, type Scenario } from './scenario';

export type SpiramMode = 'malloc' | 'caps' | 'memmap' | 'off';

export interface SimConfig {
  chip: Chip;
  profile: ChipProfile;
  version: IdfVersion;
  /** PSRAM bytes the heap gets (after the chip's window limit); 0 = no PSRAM heap. */
  psramMapped: number;
  psramSize: number;
  spiram: SpiramMode;
  alwaysInternal: number;
  reserveInternal: number;
  poisoning: 'disabled' | 'light' | 'comprehensive';
  taskTracking: boolean;
  romTlsf: boolean | undefined;
  lockPolicy: LockPolicy;
  cores: number;
  tasks: BootTask[];
  boot: boolean;
  regions: BootRegion[];
  /** Options the simulator read (with the value used), for the report. */
  options: Record<string, SdkValue>;
}

const KNOWN = new Set([
  'CONFIG_SPIRAM',
  'CONFIG_SPIRAM_BOOT_INIT',
  'CONFIG_SPIRAM_USE_MALLOC',
  'CONFIG_SPIRAM_USE_CAPS_ALLOC',
  'CONFIG_SPIRAM_USE_MEMMAP',
  'CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL',
  'CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL',
  'CONFIG_HEAP_POISONING_DISABLED',
  'CONFIG_HEAP_POISONING_LIGHT',
  'CONFIG_HEAP_POISONING_COMPREHENSIVE',
  'CONFIG_HEAP_TASK_TRACKING',
  'CONFIG_HEAP_TLSF_USE_ROM_IMPL',
  'CONFIG_FREERTOS_UNICORE',
]);

function flag(v: SdkValue | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v === 'y' || v === 'true';
}

function int(
  name: string,
  v: SdkValue | undefined,
  dflt: number,
  min: number,
  max: number,
): number {
  if (v === undefined || v === false) return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ScenarioError(
      `sdkconfig.${name}: expected an integer in ${min}..${max}, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/** `fileValues`: the values of `sdkconfigFile`, if the scenario names one (its own entries win). */
export function resolveConfig(
  s: Scenario,
  fileValues: ReadonlyMap<string, SdkValue> = new Map(),
): SimConfig {
  const version = parseIdfVersion(s.idfVersion);
  if (!version) {
    throw new ScenarioError(
      `idfVersion: cannot read "${s.idfVersion}" (use e.g. "5.3" or "v4.4.8")`,
    );
  }
  if (!atLeast(version, 3, 3)) {
    throw new ScenarioError(
      `idfVersion: ${s.idfVersion} is older than the v${OLDEST_SUPPORTED} the simulator models`,
    );
  }
  const opts = new Map<string, SdkValue>(fileValues);
  for (const [k, v] of Object.entries(s.sdkconfig)) opts.set(k, v);
  const get = (k: string) => opts.get(k);
  const profile = CHIP_PROFILES[s.chip];

  const wantsPsram = s.psramSize > 0 && flag(get('CONFIG_SPIRAM')) !== false;
  if (wantsPsram && !profile.psram) throw new ScenarioError(`psramSize: ${s.chip} has no PSRAM`);
  const window = profile.psram ? profile.psram(version).window : 0;
  const psramMapped = wantsPsram ? Math.min(s.psramSize, window) : 0;
  let spiram: SpiramMode = 'malloc';
  if (!wantsPsram || flag(get('CONFIG_SPIRAM_BOOT_INIT')) === false) spiram = 'off';
  else if (flag(get('CONFIG_SPIRAM_USE_MEMMAP'))) spiram = 'memmap';
  else if (flag(get('CONFIG_SPIRAM_USE_CAPS_ALLOC'))) spiram = 'caps';

  const poisoning = flag(get('CONFIG_HEAP_POISONING_COMPREHENSIVE'))
    ? 'comprehensive'
    : flag(get('CONFIG_HEAP_POISONING_LIGHT'))
      ? 'light'
      : 'disabled';
  const cores = flag(get('CONFIG_FREERTOS_UNICORE')) ? 1 : profile.cores;
  const tasks = profile.tasks
    .filter((t) => cores > 1 || !t.name.startsWith('ipc'))
    .map((t) => ({ ...t, stack: int(t.option, get(t.option), t.stack, 768, 65536) }));
  const used: Record<string, SdkValue> = {};
  for (const [k, v] of opts) if (KNOWN.has(k) || tasks.some((t) => t.option === k)) used[k] = v;

  return {
    chip: s.chip,
    profile,
    version,
    psramMapped,
    psramSize: s.psramSize,
    spiram,
    alwaysInternal: int(
      'CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL',
      get('CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL'),
      16384,
      0,
      131072,
    ),
    reserveInternal: int(
      'CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL',
      get('CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL'),
      32768,
      0,
      262144,
    ),
    poisoning,
    taskTracking: flag(get('CONFIG_HEAP_TASK_TRACKING')) === true,
    romTlsf: flag(get('CONFIG_HEAP_TLSF_USE_ROM_IMPL')),
    lockPolicy: LOCK_POLICY[profile.chip],
    cores,
    tasks,
    boot: s.boot,
    regions: s.regions
      ? s.regions.map((r, i) => userRegion(r, i, s.regions ?? [], profile, version))
      : profile.regions(version),
    options: used,
  };
}

const GENERIC_CAPS: Record<string, Caps3> = {
  DRAM: [CAP['8BIT'] | CAP.DEFAULT, CAP.INTERNAL | CAP.DMA | CAP['32BIT'], 0],
  'STACK/DRAM': [CAP['8BIT'] | CAP.DEFAULT, CAP.INTERNAL | CAP.DMA | CAP['32BIT'], 0],
  'D/IRAM': [0, CAP.DMA | CAP['8BIT'] | CAP.INTERNAL | CAP.DEFAULT, CAP['32BIT'] | CAP.EXEC],
  'STACK/DIRAM': [0, CAP.DMA | CAP['8BIT'] | CAP.INTERNAL | CAP.DEFAULT, CAP['32BIT'] | CAP.EXEC],
  IRAM: [CAP.INTERNAL | CAP.EXEC | CAP['32BIT'], 0, 0],
  RAM: [CAP.DEFAULT | CAP['32BIT'] | CAP['8BIT'] | CAP.INTERNAL | CAP.DMA, 0, 0],
  RTCRAM: [CAP.RTCRAM, 0, CAP.DEFAULT | CAP['32BIT'] | CAP['8BIT'] | CAP.INTERNAL],
};

/**
 * A region from the user's log: caps by label (the chip's own table first), startup-stack rule of
 * docs/reference/log-formats.md A2.
 */
function userRegion(
  r: RegionInput,
  i: number,
  all: RegionInput[],
  profile: ChipProfile,
  v: IdfVersion,
): BootRegion {
  const known = profile.regions(v).find((b) => b.label === r.label);
  const caps = r.caps ?? known?.caps ?? GENERIC_CAPS[r.label];
  if (!caps) {
    throw new ScenarioError(
      `regions[${i}].caps: label "${r.label}" is not known for ${profile.chip}; give its three caps words`,
    );
  }
  const ramLike = (l: string) => l === 'RAM' || l === 'Retention RAM';
  const lastRam = all
    .filter((x) => ramLike(x.label))
    .reduce<RegionInput | null>((m, x) => (!m || x.address > m.address ? x : m), null);
  const startupStack =
    r.startupStack ??
    (/(^STACK\/|\/STACK)/.test(r.label) ||
      (profile.chip === 'esp32' && r.label === 'D/IRAM') ||
      (profile.chip !== 'esp32' && atLeast(v, 5, 2) && lastRam === r));
  return { address: r.address, length: r.length, label: r.label, caps, startupStack };
}
