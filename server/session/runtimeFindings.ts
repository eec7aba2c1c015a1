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
import type { AllocationRow, FailureMark, SiteRow, SourceFrame } from '../protocol/snapshot';

function frame(r: AllocationRow): SourceFrame | null {
  const s = r.caller;
  return s?.file && s.fileLine > 0
    ? { file: s.file, line: s.fileLine, function: s.function }
    : null;
}

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * Live internal-RAM rows grouped by caller line: one candidate per line with count and bytes, and
 * the line's internal peak from the by-site accounting (`sites`, server/heap/sites.ts) when known.
 * The extension quotes the message on a static finding of the same line (extension/runtimeFindings.ts).
 */
export function internalAllocationCandidates(
  rows: readonly AllocationRow[],
  sites: readonly SiteRow[] = [],
): RuntimeCandidate[] {
  const peaks = new Map<string, number>();
  for (const s of sites) {
    if (s.file && s.fileLine > 0) peaks.set(`${s.file}\n${s.fileLine}`, s.internalPeakBytes);
  }
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
  return [...groups.values()].map((g) => {
    const peak = Math.max(g.bytes, peaks.get(`${g.frame.file}\n${g.frame.line}`) ?? 0);
    return {
      kind: 'internalAllocation',
      frames: [g.frame],
      rowIds: g.ids,
      message:
        `Device run: ${g.count} live allocation${g.count === 1 ? '' : 's'} (${g.bytes} bytes) ` +
        `from this line ${g.count === 1 ? 'is' : 'are'} in internal RAM, not PSRAM; ` +
        `${n(peak)} B in internal RAM at peak. Migrating this line to the PSRAM factory frees ${g.count === 1 ? 'it' : 'them'}.`,
    };
  });
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
