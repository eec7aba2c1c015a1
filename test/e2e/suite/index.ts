// Mocha inside the real extension host. VS Code (desktop through @vscode/test-electron, or the
// code-server web client with the smoke-test driver) loads this file as `extensionTestsPath` and
// awaits run(): a rejection is a failed run. The scenario (which workspace and trust state the
// runner opened) picks the folder of test files; finding no test fails the run instead of
// passing it silently.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { report } from './report';

export async function run(): Promise<void> {
  try {
    await runSuite();
  } catch (e) {
    // The runners only show the marked channel: say why the run failed there too.
    report(`e2e: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    throw e;
  }
}

async function runSuite(): Promise<void> {
  // Mocha's reporters print through Base.consoleLog: route them through the marked channel.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => report(format(...args));
  const scenario = process.env.PSRAM_LENS_E2E_SCENARIO ?? 'trusted';
  const dir = join(__dirname, scenario);
  // Narrows a local run to matching test titles: PSRAM_LENS_E2E_GREP=sdkconfig npm run test:e2e
  const grep = process.env.PSRAM_LENS_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.test.js'));
  } catch {
    // A missing folder is reported below as "no test files".
  }
  if (files.length === 0) throw new Error(`e2e: no test files in ${dir}`);
  for (const f of files.sort()) mocha.addFile(join(dir, f));
  await mocha.loadFilesAsync();

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
  });
  report(`${stats.passes} passed, ${stats.failures} failed`);
  if (stats.tests === 0) throw new Error(`e2e: zero tests ran in scenario ${scenario}`);
  if (stats.failures > 0) {
    throw new Error(
      `e2e: ${stats.failures} of ${stats.tests} tests failed in scenario ${scenario}`,
    );
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
