/**
 * The longest synchronous stretches in a V8 CPU profile, and what ran in them: the profiles the
 * exthost bench saves with PSRAM_LENS_BENCH_PROFILE=<dir> (test/e2e/suite/bench/session.test.ts).
 * A block is a run of consecutive samples with code on the stack (JS, native or GC), ended by a
 * sample of the idle event loop.
 * "ours" is the time with the extension's own bundles (dist/, the client library included) on the
 * stack; the rest is VS Code, Node and other extensions.
 * Usage: npx tsx bench/longestBlock.ts <file.cpuprofile> [blocks=3] [frames=25]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ourBundles = pathToFileURL(join(__dirname, '..', 'dist')).href + '/';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

function frameName(f: CallFrame): string {
  const file = f.url.split('/').slice(-2).join('/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
}

function main(): void {
  const [file, blocksArg, framesArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: longestBlock <file.cpuprofile> [blocks] [frames]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): CallFrame[] => {
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && node.callFrame.functionName !== '(root)') frames.push(node.callFrame);
    }
    return frames; // leaf first
  };

  // Sample i covers [t[i], t[i+1]).
  const t: number[] = [];
  let now = profile.startTime;
  for (const d of profile.timeDeltas) t.push((now += d));
  const blocks: { from: number; to: number }[] = [];
  let open = -1;
  for (let i = 0; i < profile.samples.length; i++) {
    const leaf = byId.get(profile.samples[i]!)!.callFrame.functionName;
    const busy = !IDLE.has(leaf);
    if (busy && open < 0) open = i;
    if (!busy && open >= 0) {
      blocks.push({ from: open, to: i });
      open = -1;
    }
  }
  if (open >= 0) blocks.push({ from: open, to: profile.samples.length - 1 });
  const span = (b: { from: number; to: number }) => (t[b.to]! - t[b.from]!) / 1000;
  blocks.sort((a, b) => span(b) - span(a));

  for (const b of blocks.slice(0, Number(blocksArg ?? 3))) {
    // A sample much later than the interval: the process was not running (a loaded machine).
    let gap = 0;
    for (let i = b.from; i < b.to; i++) gap = Math.max(gap, (t[i + 1]! - t[i]!) / 1000);
    console.log(
      `block ${span(b).toFixed(1)} ms at +${((t[b.from]! - profile.startTime) / 1000).toFixed(0)} ms, ` +
        `${b.to - b.from} samples, longest gap between two samples ${gap.toFixed(1)} ms`,
    );
    // Inclusive time per frame (each frame counted once per sample), and the self time per leaf.
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    let ours = 0;
    for (let i = b.from; i < b.to; i++) {
      const dt = (t[i + 1]! - t[i]!) / 1000;
      const frames = stack(profile.samples[i]!);
      if (frames.some((f) => f.url.startsWith(ourBundles))) ours += dt;
      for (const name of new Set(frames.map(frameName))) {
        inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      }
      const leaf = frames[0] ? frameName(frames[0]) : '(none)';
      self.set(leaf, (self.get(leaf) ?? 0) + dt);
    }
    const top = (m: Map<string, number>) =>
      [...m]
        .sort((x, y) => y[1] - x[1])
        .slice(0, Number(framesArg ?? 25))
        .map(([name, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${name}`)
        .join('\n');
    console.log(
      `  ours: ${ours.toFixed(1)} ms\n  inclusive:\n${top(inclusive)}\n  self:\n${top(self)}`,
    );
  }
}

main();
