/**
 * Builds test/fixtures/symbolize/app.cpp with a real cross toolchain (RISC-V rv32 as on the
 * ESP32-C3/C6/H2, or Xtensa) into a temp dir and reads its return-address labels with nm, so a
 * test can write a monitor log whose addresses come from a real ELF, with no decode lines.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CrossToolchain {
  name: 'riscv' | 'xtensa';
  gcc: string;
  nm: string;
  addr2line: string;
  flags: string[];
  /** What the device subtracts from a return address so it points into the call (esp_cpu_process_stack_pc). */
  pcAdjust: number;
}

export const TOOLCHAINS: CrossToolchain[] = [
  {
    name: 'riscv',
    gcc: 'riscv64-unknown-elf-g++',
    nm: 'riscv64-unknown-elf-nm',
    addr2line: 'riscv64-unknown-elf-addr2line',
    flags: ['-march=rv32imac', '-mabi=ilp32'],
    pcAdjust: 1,
  },
  {
    name: 'xtensa',
    gcc: 'xtensa-lx106-elf-g++',
    nm: 'xtensa-lx106-elf-nm',
    addr2line: 'xtensa-lx106-elf-addr2line',
    flags: [],
    pcAdjust: 3,
  },
];

export const APP_SOURCE = join(__dirname, '..', '..', 'fixtures', 'symbolize', 'app.cpp');

export interface BuiltApp {
  dir: string;
  elf: string;
  source: string;
  /** Call-site address (label − pcAdjust) of every `L_*` label, by label name (`L_std_*` → `L_std`). */
  at: Record<string, number>;
  /** 1-based line of each `// SITE:<name>` marker. */
  siteLine: Record<string, number>;
}

export function buildApp(
  tc: CrossToolchain,
  opts: { dir?: string; extraLines?: number } = {},
): BuiltApp {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `psram-lens-elf-${tc.name}-`));
  const source = join(dir, 'app.cpp');
  copyFileSync(APP_SOURCE, source);
  if (opts.extraLines) {
    const text = readFileSync(APP_SOURCE, 'utf8');
    writeFileSync(source, '\n'.repeat(opts.extraLines) + text);
  }
  const elf = join(dir, 'app.elf');
  execFileSync(tc.gcc, [
    ...tc.flags,
    '-g',
    '-O0',
    '-ffreestanding',
    '-fno-exceptions',
    '-fno-rtti',
    '-nostdlib',
    '-Wl,-e,main',
    '-o',
    elf,
    source,
  ]);
  const at: Record<string, number> = {};
  for (const line of execFileSync(tc.nm, [elf], { encoding: 'utf8' }).split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (!name?.startsWith('L_')) continue;
    at[name.replace(/_\d+$/, '')] = Number.parseInt(addr, 16) - tc.pcAdjust;
  }
  const siteLine: Record<string, number> = {};
  readFileSync(source, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /\/\/ SITE:(\w+)/.exec(text);
      if (m) siteLine[m[1]] = i + 1;
    });
  return { dir, elf, source, at, siteLine };
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * A v5.x monitor log (no decode lines): a heap-trace dump of the three allocations, a factory
 * allocation line, and an abort backtrace through the make_shared chain.
 */
export function monitorLog(app: BuiltApp): string {
  const a = app.at;
  const trace = (size: number, addr: number, label: string, callers: number[]): string =>
    `${String(size).padStart(6)} bytes (@ ${hex(addr)}, ${label}) allocated CPU 0 ccount 0x1234abcd caller ${callers.map(hex).join(':')}`;
  return [
    'I (312) app: starting',
    '====== Heap Trace: 3 records (100 capacity) ======',
    trace(96, 0x3fc9a010, 'Internal', [a.L_new, a.L_std, a.L_main_sensor]),
    trace(1500, 0x3fc9a100, 'Internal', [a.L_psram]),
    trace(256, 0x3fc9a800, 'Internal', [a.L_new_array, a.L_buffer]),
    '====== Heap Trace Summary ======',
    'Mode: Heap Trace All',
    '1852 bytes alive in trace (3/3 allocations)',
    'records: 3 (100 capacity, 3 high water mark)',
    'total allocations: 3',
    'total frees: 0',
    '================================',
    'abort() was called at PC 0x40376fa1 on core 0',
    `Backtrace: ${hex(a.L_new)}:0x3fc98e40 ${hex(a.L_std)}:0x3fc98e60 ${hex(a.L_main_sensor)}:0x3fc98e80`,
    '',
  ].join('\n');
}
