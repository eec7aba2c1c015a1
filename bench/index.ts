/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (each prints its own figures).
 * Narrow with `npm run bench -- parser`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) throw new Error('no benchmark matched');
  for (const f of files) {
    console.log(`\n## ${f.replace(/\.bench\.ts$/, '')}`);
    const mod = (await import(join(__dirname, f))) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
