// `npm run test:e2e`: everything that needs a real VS Code, in order:
//   1. install what is missing (Chromium, libkrb5-dev, Node 24, code-server; cached in .cache/),
//   2. `npm run package` (production build + VSIX, size printed),
//   3. bundle the extension-host suite (dist-test/),
//   4. the extension suite in the real extension host: code-server here, or desktop VS Code
//      through @vscode/test-electron when PSRAM_LENS_VSCODE=electron,
//   5. the VSIX content test and the UI walk-through (Playwright + Chromium against code-server
//      with the VSIX installed).
// Every step runs even when an earlier test step failed, so one CI run shows all failures.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const electron = process.env.PSRAM_LENS_VSCODE === 'electron';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsx = ['--import', 'tsx'];

/** [label, command, args, fatal]: a fatal step's failure stops the run (nothing to test after). */
const steps = [
  ['setup', process.execPath, ['scripts/code-server/setup.mjs', '--quiet'], true],
  ['package', npm, ['run', '--silent', 'package'], true],
  ['build suite', process.execPath, ['scripts/build-e2e.mjs'], true],
  [
    electron ? 'extension suite (test-electron)' : 'extension suite (code-server)',
    process.execPath,
    [...tsx, electron ? 'test/e2e/runElectron.ts' : 'test/e2e/runCodeServer.ts'],
    false,
  ],
  [
    'VSIX contents and UI walk-through',
    process.execPath,
    [
      ...tsx,
      '--test',
      '--test-concurrency=1',
      'test/e2e/package/vsix.test.ts',
      'test/e2e/ui/walkthrough.test.ts',
    ],
    false,
  ],
];

const failed = [];
for (const [label, cmd, args, fatal] of steps) {
  if (electron && label === 'setup') continue;
  const t0 = Date.now();
  console.log(`\ntest:e2e: ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(
    `test:e2e: ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  if (r.status !== 0) {
    failed.push(label);
    if (fatal) break;
  }
}
if (failed.length > 0) {
  console.error(`test:e2e: failed: ${failed.join(', ')}`);
  process.exit(1);
}
