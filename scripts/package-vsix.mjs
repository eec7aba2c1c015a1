// `npm run package` after the production build: vsce writes dist-vsix/psram-lens.vsix (vsce does
// not create the folder), then the size and contents are printed. No repository URL is published
// yet, hence --allow-missing-repository and --no-rewrite-relative-links (the README's pictures stay
// relative, as in the repository); --no-dependencies because everything is bundled.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { defaultVsix, printReport, readVsix } from './vsix-report.mjs';

const root = new URL('..', import.meta.url).pathname;
mkdirSync(dirname(defaultVsix), { recursive: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out',
    defaultVsix,
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
printReport(await readVsix());
