/**
 * What the device run says about source lines, before any workspace mapping: live internal-RAM
 * allocations grouped by their decoded caller, and allocation failures with the decoded backtrace
 * the monitor printed right after them (tracked by the heap model, the one failure tracker).
 *
 * The server computes these; the extension maps the build machine's paths to workspace files and
 * shows them as diagnostics of their own collection (extension/runtimeFindings.ts). The server
 * does not publish them itself: publishDiagnostics would replace the static findings of the same
 * file, and the links into the panel are VS Code command URIs.
 */
import type { RuntimeCandidate } from '../protocol/heapSession';
import type { AllocationRow, FailureMark, SourceFrame } from '../protocol/snapshot';

function frame(r: AllocationRow): SourceFrame | null {
  const s = r.caller;
  return s?.file && s.fileLine > 0
    ? { file: s.file, line: s.fileLine, function: s.function }
    : null;
}

/** Live internal-RAM rows grouped by caller line: one candidate per line with count and bytes. */
export function internalAllocationCandidates(rows: readonly AllocationRow[]): RuntimeCandidate[] {
  const groups = new Map<
    string,
    { frame: SourceFrame; count: number; bytes: number; ids: number[] }
  >();
  for (const r of rows) {
    if (r.memory !== 'internal' || !r.live) continue;
    const f = frame(r);
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

/** Failures with a decoded backtrace, after log line `afterLine` (earlier ones were dismissed). */
export function failureCandidates(
  failures: readonly FailureMark[],
  afterLine = 0,
): RuntimeCandidate[] {
  return failures
    .filter((f) => f.line > afterLine && f.frames && f.frames.length > 0)
    .map((f) => ({
      kind: 'allocationFailure',
      frames: f.frames ?? [],
      rowIds: [],
      message:
        `Device run: an allocation of ${f.size} bytes` +
        (f.caps === null ? '' : ` (caps 0x${f.caps.toString(16)})`) +
        ` failed here (log line ${f.line}).`,
    }));
}
