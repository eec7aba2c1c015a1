/**
 * What ran in the longest synchronous stretches of a V8 CPU profile: the profiles the exthost
 * bench saves with PSRAM_LENS_BENCH_PROFILE=<dir> (test/e2e/suite/bench/session.test.ts). "Our
 * code" is the extension's own bundles (dist/, the language client library included); the rest
 * is VS Code, Node and other extensions. Samples far apart mean the host was not running at all
 * (a loaded machine), whatever the stack says.
 * Usage: npx tsx bench/longestBlock.ts <file.cpuprofile> [blocks=3] [frames=25]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CallFrame,
  type CpuProfile,
  describeBlock,
  profileBlocks,
} from '../test/e2e/lib/cpuProfile';

const ourBundles = pathToFileURL(join(__dirname, '..', 'dist')).href + '/';

function frameName(f: CallFrame): string {
  const file = f.url.split('/').slice(-2).join('/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
}

function top(m: Map<string, number>, n: number): string {
  return [...m]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([name, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${name}`)
    .join('\n');
}

function main(): void {
  const [file, blocksArg, framesArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: longestBlock <file.cpuprofile> [blocks] [frames]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const blocks = profileBlocks(profile, (url) => url.startsWith(ourBundles));
  const frames = Number(framesArg ?? 25);
  for (const b of blocks.slice(0, Number(blocksArg ?? 3))) {
    console.log(`block at +${b.atMs.toFixed(0)} ms: ${describeBlock(b)}`);
    // Inclusive time per frame (counted once per sample), and self time per leaf.
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    for (const s of b.samples) {
      for (const name of new Set(s.stack.map(frameName))) {
        inclusive.set(name, (inclusive.get(name) ?? 0) + s.ms);
      }
      const leaf = s.stack[0] ? frameName(s.stack[0]) : '(none)';
      self.set(leaf, (self.get(leaf) ?? 0) + s.ms);
    }
    console.log(`  inclusive:\n${top(inclusive, frames)}\n  self:\n${top(self, frames)}`);
  }
  const ours = [...blocks].sort((a, b) => b.oursMs - a.oursMs)[0];
  console.log(`the block with the most of our code: ${describeBlock(ours)}`);
}

main();
