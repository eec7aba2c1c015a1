/**
 * Lines that carry no event kind of their own but are worth naming on their `text` event:
 * heap corruption (`CORRUPT HEAP: ...`), aborts, failed assertions, panics, backtraces,
 * core-dump banners and `heap_caps_dump` / `multi_heap_dump` output (TLSF and pre-TLSF forms).
 */
import type { TextEvent } from '../protocol/events';
import type { Chip } from '../target/chips';
import { hex } from './draft';
import { place } from './placement';

export type Note = Pick<
  TextEvent,
  'note' | 'address' | 'memory' | 'blockSize' | 'blockFree' | 'backtrace'
>;

const PC_SP = /0x([0-9a-fA-F]{1,8}):0x[0-9a-fA-F]{1,8}/g;
/** A backtrace has at most this many frames worth keeping (the panic handler prints ≤ 100). */
const MAX_FRAMES = 128;

/** `Backtrace: 0xPC:0xSP 0xPC:0xSP … |<-CORRUPTED`: the program counters, innermost first. */
function backtracePcs(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(PC_SP)) {
    const pc = hex(m[1]);
    if (pc !== 0) out.push(pc);
    if (out.length === MAX_FRAMES) break;
  }
  return out;
}

const FIRST_ADDRESS = /0x([0-9a-fA-F]{1,8})/;
const TLSF_HEAP = /^Showing data for heap: 0x([0-9a-fA-F]{1,8}) ?$/;
const TLSF_BLOCK = /^Block 0x([0-9a-fA-F]{1,8}) data, size: (\d{1,12}) bytes, Free: (Yes|No) ?$/;
const OLD_HEAP = /^Heap start 0x([0-9a-fA-F]{1,8}) end 0x[0-9a-fA-F]{1,8}$/;
const OLD_FIRST_FREE = /^First free block 0x([0-9a-fA-F]{1,8})$/;
const OLD_BLOCK =
  /^Block 0x([0-9a-fA-F]{1,8}) data size 0x([0-9a-fA-F]{1,8}) bytes next block 0x[0-9a-fA-F]{1,8}( FREE\. Next free 0x[0-9a-fA-F]{1,8})?$/;

/** Forms that can sit anywhere in a line (after a panic prefix, inside a core-dump banner). */
const ANYWHERE = /CORRUPT HEAP: |abort\(\) was called at PC 0x|CORE DUMP (?:START|END)/;

function at(chip: Chip | null, note: string, address: number, extra: Partial<Note> = {}): Note {
  if (Number.isNaN(address)) return { note };
  return { note, address, memory: place(chip, address).memory, ...extra };
}

function firstAddress(text: string, from: number): number {
  const m = FIRST_ADDRESS.exec(text.slice(from, from + 200));
  return m ? hex(m[1]) : NaN;
}

export function noteFor(chip: Chip | null, text: string): Note | null {
  const c = text.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c === 66 /* B */ && text.startsWith('Block 0x')) {
    if ((m = TLSF_BLOCK.exec(text))) {
      return at(chip, 'heapDumpBlock', hex(m[1]), { blockSize: +m[2], blockFree: m[3] === 'Yes' });
    }
    if ((m = OLD_BLOCK.exec(text))) {
      return at(chip, 'heapDumpBlock', hex(m[1]), { blockSize: hex(m[2]), blockFree: !!m[3] });
    }
  }
  if (c === 83 /* S */ && (m = TLSF_HEAP.exec(text))) return at(chip, 'heapDump', hex(m[1]));
  if (c === 72 /* H */ && (m = OLD_HEAP.exec(text))) return at(chip, 'heapDump', hex(m[1]));
  if (c === 70 /* F */ && (m = OLD_FIRST_FREE.exec(text))) {
    return at(chip, 'heapDumpFreeList', hex(m[1]));
  }
  if (text.startsWith('assert failed: ') || text.startsWith('assertion "')) {
    return { note: 'assert' };
  }
  if (text.startsWith('Guru Meditation Error')) return { note: 'panic' };
  if (text.startsWith('Backtrace:')) return { note: 'backtrace', backtrace: backtracePcs(text) };
  const found = ANYWHERE.exec(text);
  if (!found) return null;
  if (found[0] === 'CORRUPT HEAP: ') {
    return at(chip, 'corruptHeap', firstAddress(text, found.index));
  }
  return { note: found[0].startsWith('abort') ? 'abort' : 'coreDump' };
}
