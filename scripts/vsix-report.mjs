// Lists what the packaged VSIX holds and how big it is (goal: <= 3 MB), so a packaging change
// that drags in sources, maps or node_modules shows up at once.
// Usage: node scripts/vsix-report.mjs [--json] [path/to.vsix]   (default dist-vsix/psram-lens.vsix)
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

const root = new URL('..', import.meta.url).pathname;
export const defaultVsix = join(root, 'dist-vsix', 'psram-lens.vsix');
export const sizeGoalBytes = 3 * 1024 * 1024;

/** The VSIX's size and its files (name inside the zip, uncompressed size). */
export async function readVsix(path = defaultVsix) {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const files = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    files.push({ name: entry.name, size: (await entry.async('uint8array')).length });
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { path, bytes: statSync(path).size, files };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

export function printReport(v) {
  for (const f of v.files) console.log(`  ${kib(f.size).padStart(12)}  ${f.name}`);
  const mb = (v.bytes / 1024 / 1024).toFixed(2);
  const verdict = v.bytes <= sizeGoalBytes ? 'within' : 'OVER';
  console.log(`vsix: ${v.path}: ${mb} MB, ${v.files.length} files (${verdict} the 3 MB goal)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  readVsix(file).then(
    (v) => (args.includes('--json') ? console.log(JSON.stringify(v)) : printReport(v)),
    (err) => {
      console.error(`vsix-report: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
