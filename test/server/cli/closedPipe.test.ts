/**
 * Every verb of the bundled CLI writing into a pipe whose reader is already gone (`… | head`):
 * the run ends quietly (exit 0 or its own status), with no EPIPE stack trace on stderr.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const example = 'examples/webrtc-streamer';
const log = `${example}/logs/monitor.log`;

/** Runs the CLI with the read end of its stdout closed before the first byte is written. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const verbs: Record<string, string[]> = {
  check: ['check', example],
  'check --format sarif': ['check', example, '--format', 'sarif'],
  'fix --dry-run': ['fix', example, '--dry-run'],
  simulate: ['simulate', 'examples/scenarios/webrtc-streamer.json', '--json', '--events'],
  report: ['report', example, '--log', log],
  'parse-log': ['parse-log', log, '--json'],
};

void describe('a closed stdout pipe', () => {
  for (const [name, args] of Object.entries(verbs)) {
    void test(`${name}: exits quietly, no stack trace`, async () => {
      const r = await runIntoClosedPipe(args);
      assert.equal(r.stderr, '', `stderr: ${r.stderr}`);
      assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}`);
    });
  }
});
