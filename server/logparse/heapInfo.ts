/**
 * `heap_caps_print_heap_info(caps)` (printf, unchanged v3.x → master):
 *
 *     Heap summary for capabilities 0x%08X:
 *       At 0x%08x len %d free %d allocated %d min_free %d
 *         largest_free_block %d alloc_blocks %d free_blocks %d total_blocks %d
 *       Totals:
 *         free %d allocated %d min_free %d largest_free_block %d
 */
import type { HeapInfoRegion, HeapTotals } from '../protocol/events';
import type { Chip } from '../target/chips';
import type { Block, FeedResult } from './block';
import { hex, type EventDraft } from './draft';
import { place } from './placement';

const START = /^Heap summary for capabilities 0x([0-9A-Fa-f]{1,8}): {0,4}$/;
const ROW =
  /^ {0,8}At 0x([0-9a-fA-F]{1,8}) len (\d{1,12}) free (\d{1,12}) allocated (\d{1,12}) min_free (\d{1,12}) {0,4}$/;
const ROW2 =
  /^ {0,8}largest_free_block (\d{1,12}) alloc_blocks (\d{1,12}) free_blocks (\d{1,12}) total_blocks (\d{1,12}) {0,4}$/;
const TOTALS = /^ {0,8}Totals: {0,4}$/;
const TOTALS2 =
  /^ {0,8}free (\d{1,12}) allocated (\d{1,12}) min_free (\d{1,12}) largest_free_block (\d{1,12}) {0,4}$/;

/** The caps of a block-start line, or null. */
export function heapInfoStart(text: string): number | null {
  if (!text.startsWith('Heap summary for capabilities 0x')) return null;
  const m = START.exec(text);
  return m ? hex(m[1]) : null;
}

type PartialRow = Pick<HeapInfoRegion, 'address' | 'length' | 'free' | 'allocated' | 'minFree'>;

export class HeapInfoBlock implements Block {
  private readonly regions: HeapInfoRegion[] = [];
  private partial: PartialRow | null = null;
  private inTotals = false;
  private totals: HeapTotals | null = null;

  constructor(private readonly caps: number) {}

  feed(text: string, chip: Chip | null): FeedResult {
    let m: RegExpExecArray | null;
    if (this.inTotals) {
      if (!(m = TOTALS2.exec(text))) return 'foreign';
      this.totals = { free: +m[1], allocated: +m[2], minFree: +m[3], largestFreeBlock: +m[4] };
      return 'done';
    }
    if ((m = ROW.exec(text))) {
      this.partial = {
        address: hex(m[1]),
        length: +m[2],
        free: +m[3],
        allocated: +m[4],
        minFree: +m[5],
      };
      return 'consume';
    }
    if (this.partial && (m = ROW2.exec(text))) {
      const p = place(chip, this.partial.address);
      this.regions.push({
        ...this.partial,
        largestFreeBlock: +m[1],
        allocBlocks: +m[2],
        freeBlocks: +m[3],
        totalBlocks: +m[4],
        memory: p.memory,
        dma: p.dma,
      });
      this.partial = null;
      return 'consume';
    }
    if (TOTALS.test(text)) {
      this.inTotals = true;
      return 'consume';
    }
    return 'foreign';
  }

  finish(): EventDraft {
    return {
      kind: 'heapInfo',
      caps: this.caps,
      regions: this.regions,
      totals: this.totals,
      complete: this.totals !== null && this.partial === null,
    };
  }
}
