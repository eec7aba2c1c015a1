// `npm run fuzz -- --minutes N` (default 10): the fuzz suite of test/fuzz/ for about N minutes,
// with a fresh seed (printed, and shown again with any counterexample, so a failure reproduces
// with PSRAM_LENS_FUZZ_SEED=<seed>). `npm test` runs the same properties with a fixed seed and
// a fixed number of cases (test/fuzz/budget.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const at = args.indexOf('--minutes');
const minutes = at >= 0 ? Number(args[at + 1]) : 10;
if (!(minutes > 0)) {
  console.error('fuzz: --minutes needs a positive number');
  process.exit(2);
}
const seed = Number(process.env.PSRAM_LENS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const files = readdirSync(join(root, 'test', 'fuzz'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', 'fuzz', f));
console.log(`fuzz: ${files.length} files for ${minutes} min, seed ${seed}`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PSRAM_LENS_FUZZ_MINUTES: String(minutes),
      PSRAM_LENS_FUZZ_SEED: String(seed),
    },
  },
);
console.log(`fuzz: seed ${seed}: ${r.status === 0 ? 'nothing found' : 'FAILED'}`);
process.exit(r.status ?? 1);
