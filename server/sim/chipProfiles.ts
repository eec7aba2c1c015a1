/**
 * Per-chip boot tables: the heap regions a hello_world-sized app has after `heap_caps_init`
 * (address, length, label, prioritised caps, startup-stack flag), the PSRAM window, the TLSF build
 * parameters, the C++ lock policy and the tasks the system creates before `app_main`.
 *
 * Region lengths come from real boot logs quoted in docs/reference/ (log-formats.md A2,
 * allocator-overhead.md D3, boot-heap.md F3); they depend on the app's static footprint, so a
 * scenario can replace them with the `heap_init` lines of its own log. Labels and caps follow the
 * IDF version (log-formats.md A2, memory-maps.md B3).
 */
import type { Chip } from '../target/chips';
import { CAP } from '../target/caps';
import { atLeast, type IdfVersion } from '../target/idfVersion';
import type { AllocatorGeneration } from './blockPool';

/** Where a chip's data RAM is also addressable as instruction RAM (EXEC requests land there). */
export interface DiramAlias {
  dramLow: number;
  dramHigh: number;
  iramLow: number;
  inverted: boolean;
}

export type Caps3 = readonly [number, number, number];

export interface BootRegion {
  address: number;
  length: number;
  label: string;
  caps: Caps3;
  /** Usable only once the scheduler runs (`heap_caps_enable_nonos_stack_heaps`). */
  startupStack: boolean;
}

export interface BootTask {
  name: string;
  /** Kconfig option that sets the stack size, so a scenario's sdkconfig can change it. */
  option: string;
  stack: number;
}

export interface ChipProfile {
  chip: Chip;
  arch: 'xtensa' | 'riscv';
  cores: number;
  regions(v: IdfVersion): BootRegion[];
  /** Lowest PSRAM heap address and the most bytes the data window can map; null = no PSRAM. */
  psram: ((v: IdfVersion) => { base: number; window: number }) | null;
  /** v4.3–v5.0 static FL_INDEX_MAX (max pool size), without / with CONFIG_SPIRAM. */
  staticFlIndexMax(psram: boolean, v: IdfVersion): number;
  /** ROM TLSF (CONFIG_HEAP_TLSF_USE_ROM_IMPL default y): static control of FL_INDEX_MAX 19. */
  romTlsf: boolean;
  /** D/IRAM alias for EXEC requests; null where instruction and data addresses are the same. */
  diram: DiramAlias | null;
  tasks: BootTask[];
  /**
   * Bytes of other system objects allocated before `app_main` (TCBs, locks, console, esp_timer
   * state...): hello_world's `Minimum free heap size` (docs/reference/boot-heap.md F3) minus what
   * the regions and the modelled task stacks explain. 0 where boot-heap.md F3 has no such log.
   */
  otherBootBytes: number;
}

const B8 = CAP['8BIT'];
const B32 = CAP['32BIT'];
const { DEFAULT, INTERNAL, DMA, EXEC, RTCRAM, RETENTION, TCM } = CAP;

/** ESP32-style types (ESP32 all versions; S2/S3/C3 before the v5.2 relabelling). */
const DRAM: Caps3 = [B8 | DEFAULT, INTERNAL | DMA | B32, 0];
const DIRAM: Caps3 = [0, DMA | B8 | INTERNAL | DEFAULT, B32 | EXEC];
const IRAM: Caps3 = [INTERNAL | EXEC | B32, 0, 0];
/** v5.2+ single `RAM` type. */
const RAM: Caps3 = [DEFAULT | B32 | B8 | INTERNAL | DMA, 0, 0];
const RTC_P2: Caps3 = [RTCRAM, 0, DEFAULT | B32 | B8 | INTERNAL];
const RTC_P1: Caps3 = [RTCRAM, DEFAULT | B32 | B8 | INTERNAL, 0];

function region(
  address: number,
  length: number,
  label: string,
  caps: Caps3,
  startupStack = false,
): BootRegion {
  return { address, length, label, caps, startupStack };
}

const v52 = (v: IdfVersion) => atLeast(v, 5, 2);

const commonTasks = (ipcStack: number, cores: number): BootTask[] => [
  { name: 'main', option: 'CONFIG_ESP_MAIN_TASK_STACK_SIZE', stack: 3584 },
  ...Array.from({ length: cores > 1 ? cores : 0 }, (_, i) => ({
    name: `ipc${i}`,
    option: 'CONFIG_ESP_IPC_TASK_STACK_SIZE',
    stack: ipcStack,
  })),
  { name: 'esp_timer', option: 'CONFIG_ESP_TIMER_TASK_STACK_SIZE', stack: 3584 },
  { name: 'Tmr Svc', option: 'CONFIG_FREERTOS_TIMER_TASK_STACK_DEPTH', stack: 2048 },
];

export const CHIP_PROFILES: Readonly<Record<Chip, ChipProfile>> = {
  esp32: {
    chip: 'esp32',
    arch: 'xtensa',
    cores: 2,
    // The five regions of a public ESP32 v5.x hello_world log (A2).
    regions: () => [
      region(0x3ffae6e0, 0x1920, 'DRAM', DRAM),
      region(0x3ffb2ac8, 0x2d538, 'DRAM', DRAM),
      region(0x3ffe0440, 0x3ae0, 'D/IRAM', DIRAM, true),
      region(0x3ffe4350, 0x1bcb0, 'D/IRAM', DIRAM, true),
      region(0x4008c1c0, 0x13e40, 'IRAM', IRAM),
    ],
    // 4 MiB data window at 0x3F800000; bigger chips need himem bank switching.
    psram: () => ({ base: 0x3f800000, window: 4 * 1024 * 1024 }),
    staticFlIndexMax: (psram) => (psram ? 22 : 18),
    romTlsf: false,
    diram: { dramLow: 0x3ffe0000, dramHigh: 0x40000000, iramLow: 0x400a0000, inverted: true },
    tasks: commonTasks(1024, 2),
    otherBootBytes: 1560,
  },
  esp32s2: {
    chip: 'esp32s2',
    arch: 'xtensa',
    cores: 1,
    // No S32C1I atomics: probably the mutex policy (UNVERIFIED, docs/reference/shared-ptr-layout.md
    // E1).
    // Lengths from an ESP32-S2 v4.2-dev log (A2); the upper region ends below the ROM stack.
    regions: (v) => [
      region(0x3ffbf850, 0x3c7b0, v52(v) ? 'RAM' : 'DRAM', v52(v) ? RAM : DRAM),
      region(0x3fffc000, 0x3a10, v52(v) ? 'RAM' : 'DRAM', v52(v) ? RAM : DRAM, true),
    ],
    psram: () => ({ base: 0x3f500000, window: 0x3ff80000 - 0x3f500000 }),
    staticFlIndexMax: (psram) => (psram ? 24 : 19),
    romTlsf: false,
    diram: { dramLow: 0x3ffb0000, dramHigh: 0x40000000, iramLow: 0x40020000, inverted: false },
    tasks: commonTasks(0, 1),
    otherBootBytes: 0,
  },
  esp32s3: {
    chip: 'esp32s3',
    arch: 'xtensa',
    cores: 2,
    // Lengths of the ESP32-S3 v5.4-dev hello_world log (A2, F3); older versions relabelled.
    regions: (v) =>
      v52(v)
        ? [
            region(0x3fc94be8, 0x54b28, 'RAM', [RAM[0] | RETENTION, 0, 0]),
            region(0x3fce9710, 0x5724, 'RAM', [RAM[0] | RETENTION, 0, 0], true),
            region(0x3fcf0000, 0x8000, 'DRAM', [0, DEFAULT | B32 | B8 | INTERNAL | DMA, 0]),
            region(0x600fe100, 0x1ee8, 'RTCRAM', RTC_P2),
          ]
        : [
            region(0x3fc94be8, 0x54b28, 'D/IRAM', DIRAM),
            region(0x3fce9710, 0x5724, 'STACK/DRAM', DRAM, true),
            region(0x3fcf0000, 0x8000, 'DRAM', DRAM),
            region(
              0x600fe100,
              0x1ee8,
              'RTCRAM',
              atLeast(v, 5, 0)
                ? [RTCRAM, B8 | DEFAULT, INTERNAL | B32]
                : [B8 | DEFAULT, INTERNAL | B32, RTCRAM],
            ),
          ],
    // v4.4: PSRAM at the top of 0x3D000000–0x3E000000; v5: pages after the flash mappings in
    // 0x3C000000–0x3E000000 (exact first page UNVERIFIED: 0x3C020000 assumed).
    psram: (v) =>
      atLeast(v, 5, 0)
        ? { base: 0x3c020000, window: 0x3e000000 - 0x3c020000 }
        : { base: 0x3d000000, window: 16 * 1024 * 1024 },
    staticFlIndexMax: (psram, v) => (psram ? (atLeast(v, 5, 0) ? 25 : 24) : 19),
    romTlsf: false,
    diram: { dramLow: 0x3fc88000, dramHigh: 0x3fcf0000, iramLow: 0x40378000, inverted: false },
    tasks: commonTasks(1280, 2),
    otherBootBytes: 2180,
  },
  esp32c3: {
    chip: 'esp32c3',
    arch: 'riscv',
    cores: 1,
    // Lengths of the ESP32-C3 v6.0.1 pools (F3) and v5.1.x stack/RTC lines (A2).
    regions: (v) =>
      v52(v)
        ? [
            region(0x3fc8b630, 0x349d0, 'RAM', RAM),
            region(0x3fcc0000, 0x1c710, 'Retention RAM', [RETENTION, RAM[0], 0]),
            region(0x3fcdc710, 0x2950, 'Retention RAM', [RETENTION, RAM[0], 0], true),
            region(0x5000001c, 0x1fc4, 'RTCRAM', RTC_P2),
          ]
        : [
            region(0x3fc8b630, 0x349d0, 'DRAM', DRAM),
            region(0x3fcc0000, 0x1c710, 'DRAM', DRAM),
            region(0x3fcdc710, 0x2950, 'STACK/DRAM', DRAM, true),
            region(0x5000001c, 0x1fc4, 'RTCRAM', [B8 | DEFAULT, INTERNAL | B32, RTCRAM]),
          ],
    psram: null,
    staticFlIndexMax: () => 19,
    romTlsf: false,
    diram: { dramLow: 0x3fc80000, dramHigh: 0x3fce0000, iramLow: 0x40380000, inverted: false },
    tasks: commonTasks(0, 1),
    otherBootBytes: 0,
  },
  esp32c6: {
    chip: 'esp32c6',
    arch: 'riscv',
    cores: 1,
    // Regions of a real ESP32-C6 v5.x heap_caps_print_heap_info block (log-formats.md A4).
    regions: (v) => [
      region(0x4080e9e0, 449584, v52(v) ? 'RAM' : 'D/IRAM', RAM),
      region(0x4087c610, 12116, v52(v) ? 'RAM' : 'STACK/DIRAM', RAM, true),
      region(0x50000000, 16360, 'RTCRAM', RTC_P1),
    ],
    psram: null,
    staticFlIndexMax: () => 19,
    romTlsf: true,
    diram: null,
    tasks: commonTasks(0, 1),
    otherBootBytes: 0,
  },
  esp32h2: {
    chip: 'esp32h2',
    arch: 'riscv',
    cores: 1,
    // Lengths of an ESP32-H2 v5.2-dev log (F3); addresses placed below the ROM stack.
    regions: (v) => [
      region(0x4080b460, 0x41f20, v52(v) ? 'RAM' : 'D/IRAM', RAM),
      region(0x4084d380, 0x2b60, v52(v) ? 'RAM' : 'STACK/DIRAM', RAM, true),
    ],
    psram: null,
    staticFlIndexMax: () => 19,
    romTlsf: true,
    diram: null,
    tasks: commonTasks(0, 1),
    otherBootBytes: 3612,
  },
  esp32p4: {
    chip: 'esp32p4',
    arch: 'riscv',
    cores: 2,
    // The ESP32-P4 rev 1.0 v5.5 log (A2, F3).
    regions: () => [
      region(0x4ff118b0, 0x29710, 'RAM', RAM),
      region(0x4ff3afc0, 0x4bf0, 'RAM', RAM, true),
      region(0x4ff40000, 0x40000, 'RAM', RAM),
      region(0x50108080, 0x7f80, 'RTCRAM', RTC_P2),
      region(0x30100044, 0x1fbc, 'TCM', [TCM, DEFAULT | B32 | B8 | INTERNAL, 0]),
    ],
    psram: () => ({ base: 0x48000000, window: 64 * 1024 * 1024 }),
    staticFlIndexMax: (psram) => (psram ? 25 : 20),
    romTlsf: false,
    diram: null,
    tasks: commonTasks(1024, 2),
    otherBootBytes: 8412,
  },
};

/** The allocator a heap of this chip/version uses (docs/reference/allocator-overhead.md D3, D7). */
export function allocatorGeneration(
  profile: ChipProfile,
  v: IdfVersion,
  psram: boolean,
  romOption: boolean | undefined,
): AllocatorGeneration {
  if (!atLeast(v, 4, 3)) return { kind: 'legacy' };
  const rom = romOption ?? profile.romTlsf;
  if (rom && profile.romTlsf) return { kind: 'static', flIndexMax: 19 };
  if (atLeast(v, 5, 1)) return { kind: 'dynamic' };
  return { kind: 'static', flIndexMax: profile.staticFlIndexMax(psram, v) };
}
