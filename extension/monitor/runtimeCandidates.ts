/**
 * What the device run says about source lines, before any workspace mapping (no VS Code here):
 * internal-RAM allocations grouped by their decoded caller, and allocation failures with the
 * decoded backtrace the monitor printed right after them. extension/runtimeFindings.ts maps the
 * frames to workspace files and publishes diagnostics.
 */
import type { HeapEvent, SymbolInfo } from '../../server/protocol/events';
import type { AllocationRow } from '../../server/protocol/snapshot';

export interface Frame {
  file: string;
  line: number;
  function: string;
}

export interface RuntimeCandidate {
  kind: 'internalAllocation' | 'allocationFailure';
  /** Decoded frames, innermost first: the first one inside the workspace gets the diagnostic. */
  frames: Frame[];
  message: string;
  /** Allocation rows it stands for (the panel reveals the first). */
  rowIds: number[];
}

/** Decoded symbol lines are attached to a failure when they follow it within this many lines. */
const BACKTRACE_WINDOW = 60;

function frame(s: SymbolInfo): Frame | null {
  return s.file && s.fileLine > 0 ? { file: s.file, line: s.fileLine, function: s.function } : null;
}

/** Live internal-RAM rows grouped by caller line: one candidate per line with count and bytes. */
export function internalAllocationCandidates(rows: readonly AllocationRow[]): RuntimeCandidate[] {
  const groups = new Map<string, { frame: Frame; count: number; bytes: number; ids: number[] }>();
  for (const r of rows) {
    if (r.memory !== 'internal' || !r.live || !r.caller) continue;
    const f = frame(r.caller);
    if (!f) continue;
    const key = `${f.file}\n${f.line}`;
    const g = groups.get(key) ?? { frame: f, count: 0, bytes: 0, ids: [] };
    g.count++;
    g.bytes += r.size;
    g.ids.push(r.id);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    kind: 'internalAllocation',
    frames: [g.frame],
    rowIds: g.ids,
    message:
      `Device run: ${g.count} live allocation${g.count === 1 ? '' : 's'} (${g.bytes} bytes) ` +
      `from this line ${g.count === 1 ? 'is' : 'are'} in internal RAM, not PSRAM.`,
  }));
}

/** Follows the event stream and pairs each allocation failure with the backtrace decoded after it. */
export class FailureTracker {
  private readonly failures: {
    line: number;
    size: number;
    caps: number | null;
    frames: Frame[];
  }[] = [];

  feed(events: readonly HeapEvent[]): void {
    for (const e of events) {
      if (e.kind === 'allocFailed' && !e.benign) {
        this.failures.push({ line: e.line, size: e.size, caps: e.caps, frames: [] });
      } else if (e.kind === 'symbol') {
        const last = this.failures[this.failures.length - 1];
        const f = frame(e);
        if (last && f && e.line - last.line <= BACKTRACE_WINDOW) last.frames.push(f);
      }
    }
  }

  clear(): void {
    this.failures.length = 0;
  }

  candidates(): RuntimeCandidate[] {
    return this.failures
      .filter((f) => f.frames.length > 0)
      .map((f) => ({
        kind: 'allocationFailure',
        frames: f.frames,
        rowIds: [],
        message:
          `Device run: an allocation of ${f.size} bytes` +
          (f.caps === null ? '' : ` (caps 0x${f.caps.toString(16)})`) +
          ` failed here (log line ${f.line}).`,
      }));
  }
}
