/**
 * Placement of an address as the parser reports it: the chip's memory map first; when the chip
 * is unknown and the address ambiguous, what the line itself says (a `heap_init` label, the
 * heap trace's `Internal`/`PSRAM` label, the allocator header's `heap=`).
 */
import type { Chip, MemoryKind } from '../target/chips';
import { classifyAddress, type Placement } from '../target/memoryMap';

export function place(chip: Chip | null, address: number, hint: MemoryKind = 'unknown'): Placement {
  const p = classifyAddress(chip, address);
  if (p.memory !== 'unknown' || hint === 'unknown') return p;
  return { memory: hint, dma: false };
}

/** What a `heap_init` / `soc_memory_types` label says about the memory kind. */
export function labelHint(label: string): MemoryKind {
  if (label === 'SPIRAM') return 'psram';
  if (label === 'RTCRAM') return 'rtc';
  if (label === 'IRAM' || /^PID\dIRAM$/.test(label)) return 'iram';
  return 'internal';
}
