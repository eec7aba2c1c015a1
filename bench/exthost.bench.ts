/**
 * The extension host's figures (issue 11): activation time and the worst synchronous task on the
 * extension host during a realistic session. Runs code-server on a copy of the example project
 * with the production bundles, and the `bench` scenario of the extension suite
 * (test/e2e/suite/bench/session.test.ts): diagnostics, the monitor on the fake serial device, two
 * simulations and a workspace migration, watched by the extension's event-loop monitor
 * (extension/exports.ts). Needs what `npm run test:e2e` sets up (code-server, Chromium).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { relayMark } from '../test/e2e/lib/relay';

const root = join(__dirname, '..');

function step(what: string, args: string[]): string {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`exthost bench: ${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

export async function run(): Promise<void> {
  step('code-server setup', ['scripts/code-server/setup.mjs', '--quiet']);
  // The figures are the shipped extension's: production (minified) bundles.
  step('production build', ['scripts/build.mjs', '--production']);
  step('suite build', ['scripts/build-e2e.mjs']);
  const out = step('the session in code-server', [
    '--import',
    'tsx',
    'test/e2e/runCodeServer.ts',
    'bench',
  ]);
  const figures = out
    .split('\n')
    .filter((l) => l.includes('figure:') || l.includes('profile:'))
    .map((l) => `  ${l.replace(relayMark, '').replace(/^\s*figure:\s*/, '')}`);
  if (!figures.length) throw new Error(`exthost bench: the session printed no figures:\n${out}`);
  console.log(figures.join('\n'));
}
