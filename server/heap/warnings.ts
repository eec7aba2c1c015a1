/**
 * Warnings the panel shows above the summary. Thresholds: Wi-Fi and lwIP start failing when
 * internal free memory drops to a few tens of KiB, and DMA buffers need contiguous blocks.
 */
import type { HeapSnapshot, HeapWarning } from '../protocol/snapshot';

export const LOW_INTERNAL_FREE = 20 * 1024;
export const SMALL_INTERNAL_BLOCK = 4 * 1024;

export function heapWarnings(s: Omit<HeapSnapshot, 'warnings'>): HeapWarning[] {
  const out: HeapWarning[] = [];
  const internal = s.summary.filter((k) => k.kind === 'internalDma' || k.kind === 'internalOther');
  if (internal.length > 0) {
    const free = internal.reduce((n, k) => n + k.free, 0);
    const largest = Math.max(...internal.map((k) => k.largestFreeBlock));
    if (free < LOW_INTERNAL_FREE) {
      out.push({
        code: 'lowInternalFree',
        message: `Internal RAM free is ${free} bytes (below ${LOW_INTERNAL_FREE}).`,
      });
    }
    if (largest < SMALL_INTERNAL_BLOCK) {
      out.push({
        code: 'smallLargestInternalBlock',
        message: `Largest free internal block is ${largest} bytes (below ${SMALL_INTERNAL_BLOCK}).`,
      });
    }
  }
  if (s.failures.length > 0) {
    out.push({
      code: 'allocFailures',
      message: `${s.failures.length} allocation failure${s.failures.length === 1 ? '' : 's'} reported.`,
    });
  }
  return out;
}
