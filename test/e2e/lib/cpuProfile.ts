/**
 * The synchronous stretches ("blocks") of a V8 CPU profile (the format of Profiler.stop and of
 * `node --cpu-prof`): runs of consecutive samples with code on the stack (JS, native or GC), ended
 * by a sample of the idle event loop. Used by the exthost bench's profiles
 * (test/e2e/suite/bench/session.test.ts) and bench/longestBlock.ts.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Block {
  /** From the start of the profile. */
  atMs: number;
  ms: number;
  /** Longest time between two samples: far above the interval, the process was not running. */
  longestGapMs: number;
  /** Time with a frame of `ours` on the stack. */
  oursMs: number;
  /** Each sample's stack (leaf first) and the time it stands for. */
  samples: { stack: CallFrame[]; ms: number }[];
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

/** The profile's blocks, longest first; `ours(url)` tells the code counted in `oursMs`. */
export function profileBlocks(profile: CpuProfile, ours: (url: string) => boolean): Block[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): CallFrame[] => {
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && node.callFrame.functionName !== '(root)') frames.push(node.callFrame);
    }
    return frames;
  };
  // Sample i was taken at t[i] and stands for [t[i], t[i + 1]).
  const t: number[] = [];
  let now = profile.startTime;
  for (const d of profile.timeDeltas) t.push((now += d));

  const blocks: Block[] = [];
  let open: Block | null = null;
  for (let i = 0; i + 1 < profile.samples.length; i++) {
    const frames = stack(profile.samples[i]!);
    const busy = frames.length > 0 && !IDLE.has(frames[0]!.functionName);
    if (!busy) {
      open = null;
      continue;
    }
    const ms = (t[i + 1]! - t[i]!) / 1000;
    if (!open) {
      open = {
        atMs: (t[i]! - profile.startTime) / 1000,
        ms: 0,
        longestGapMs: 0,
        oursMs: 0,
        samples: [],
      };
      blocks.push(open);
    }
    open.ms += ms;
    open.longestGapMs = Math.max(open.longestGapMs, ms);
    if (frames.some((f) => ours(f.url))) open.oursMs += ms;
    open.samples.push({ stack: frames, ms });
  }
  return blocks.sort((a, b) => b.ms - a.ms);
}

/** "12.3 ms (4.0 ms with our code on the stack; samples up to 9.9 ms apart)". */
export function describeBlock(b: Block | undefined): string {
  if (!b) return 'none';
  return `${b.ms.toFixed(1)} ms (${b.oursMs.toFixed(1)} ms with our code on the stack; samples up to ${b.longestGapMs.toFixed(1)} ms apart)`;
}
