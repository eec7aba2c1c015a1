/**
 * Boot-time `heap_init` region lines (tag `heap_init`; `heap_alloc_caps` in v2.x):
 * `At %08X len %08X (%d KiB): %s` with 8-digit upper-case hex and the region's type label,
 * which can contain `/` and spaces (`D/IRAM`, `STACK/DIRAM`, `Retention RAM`).
 */
import type { HeapRegionEvent } from '../protocol/events';
import type { Chip } from '../target/chips';
import { hex, type Draft } from './draft';
import { labelHint, place } from './placement';

export const HEAP_INIT_TAGS = new Set(['heap_init', 'heap_alloc_caps']);

const REGION = /^At ([0-9A-Fa-f]{1,8}) len ([0-9A-Fa-f]{1,8}) \((\d{1,10}) KiB\): ([^\s].{0,47})$/;

export function parseHeapInit(chip: Chip | null, message: string): Draft<HeapRegionEvent> | null {
  if (!message.startsWith('At ')) return null;
  const m = REGION.exec(message);
  if (!m) return null;
  const address = hex(m[1]);
  const label = m[4].trimEnd();
  const p = place(chip, address, labelHint(label));
  return { kind: 'heapRegion', address, length: hex(m[2]), label, memory: p.memory, dma: p.dma };
}
