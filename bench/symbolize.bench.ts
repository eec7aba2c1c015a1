/**
 * Symbolization figures (docs/verify.md): addresses decoded per second through the one long-lived
 * addr2line process, uncached and cached, against one addr2line process per address (what
 * PlatformIO's decoder and esp-idf-monitor's per-line decoding do), in the same run, on a real
 * cross-compiled RISC-V ELF with 3,000 functions. Goals: ≥ 100× faster, ≥ 50,000 cached addresses/s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Addr2Line } from '../server/symbolize/addr2line';
import { TOOLCHAINS } from '../test/server/symbolize/crossElf';

const FUNCTIONS = 3000;
const tc = TOOLCHAINS[0];

function buildElf(): { elf: string; addresses: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'psram-lens-bench-elf-'));
  const src = join(dir, 'big.c');
  const parts = ['volatile int sink;'];
  for (let i = 0; i < FUNCTIONS; i++) {
    parts.push(
      `__attribute__((noinline)) int f${i}(int x) {\n  int y = x * ${i + 3};\n  sink = y;\n  return y + ${i};\n}`,
    );
  }
  parts.push(
    `int main(void) { int s = 0;\n${Array.from({ length: FUNCTIONS }, (_, i) => `  s += f${i}(s);`).join('\n')}\n  return s; }`,
  );
  writeFileSync(src, parts.join('\n'));
  const elf = join(dir, 'big.elf');
  execFileSync(tc.gcc, [
    ...tc.flags,
    '-x',
    'c',
    '-g',
    '-O0',
    '-ffreestanding',
    '-nostdlib',
    '-Wl,-e,main',
    '-o',
    elf,
    src,
  ]);
  const addresses: number[] = [];
  for (const line of execFileSync(tc.nm, [elf], { encoding: 'utf8' }).split('\n')) {
    const [a, t, name] = line.trim().split(/\s+/);
    if ((t === 'T' || t === 't') && /^f\d+$/.test(name ?? '')) {
      addresses.push(Number.parseInt(a, 16) + 6);
    }
  }
  return { elf, addresses };
}

const rate = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');

export async function run(): Promise<void> {
  const { elf, addresses } = buildElf();
  console.log(`ELF: ${FUNCTIONS} functions (${tc.gcc}), ${addresses.length} distinct addresses`);

  const perProcessN = 100;
  let t = performance.now();
  for (const a of addresses.slice(0, perProcessN)) {
    spawnSync(tc.addr2line, ['-f', '-i', '-C', '-a', '-e', elf, `0x${a.toString(16)}`], {
      encoding: 'utf8',
    });
  }
  const perProcessMs = performance.now() - t;
  const perProcessRate = (perProcessN / perProcessMs) * 1000;
  console.log(
    `one process per address: ${rate(perProcessN, perProcessMs)} addresses/s (${perProcessN} addresses)`,
  );

  const a2l = new Addr2Line({ tool: tc.addr2line, elf });
  try {
    t = performance.now();
    // Batches as a session delivers them (one chunk's worth of events).
    for (let i = 0; i < addresses.length; i += 500) await a2l.decode(addresses.slice(i, i + 500));
    const uncachedMs = performance.now() - t;
    const uncachedRate = (addresses.length / uncachedMs) * 1000;
    console.log(
      `one long-lived process, uncached: ${rate(addresses.length, uncachedMs)} addresses/s (${(uncachedRate / perProcessRate).toFixed(0)}× one process per address; goal ≥ 100×)`,
    );
    const rounds = 20;
    t = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < addresses.length; i += 500) await a2l.decode(addresses.slice(i, i + 500));
    }
    const cachedMs = performance.now() - t;
    const cachedRate = ((addresses.length * rounds) / cachedMs) * 1000;
    console.log(
      `cached: ${rate(addresses.length * rounds, cachedMs)} addresses/s (${(cachedRate / perProcessRate).toFixed(0)}× one process per address; goal ≥ 50,000/s)`,
    );
  } finally {
    a2l.close();
  }
}
