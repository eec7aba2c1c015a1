// Runs the same extension suite in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (this project's CI machines cannot: they use runCodeServer.ts). Chosen by
// `PSRAM_LENS_VSCODE=electron npm run test:e2e`; PSRAM_LENS_VSCODE_VERSION picks the build
// (default "stable"; "insiders" or a version such as "1.95.0" work too).
// Usage: node --import tsx test/e2e/runElectron.ts [trusted|plain|untrusted ...]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, suiteIndex } from './lib/paths';
import { exitWith, pickScenarios, suiteEnvironment, type Scenario } from './lib/scenarios';

async function runScenario(scenario: Scenario): Promise<number> {
  const ws = scenario.workspace();
  const userData = mkdtempSync(join(tmpdir(), 'psram-lens-electron-'));
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'git.enabled': false,
    }),
  );
  const launchArgs = [ws.path, '--user-data-dir', userData, '--disable-extensions'];
  if (scenario.trusted) launchArgs.push('--disable-workspace-trust');
  console.log(`e2e[${scenario.name}] (electron): ${scenario.what}`);
  try {
    return await runTests({
      version: process.env.PSRAM_LENS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: suiteEnvironment(scenario),
      launchArgs,
    });
  } catch (err) {
    console.error(`e2e[${scenario.name}]: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    rmSync(userData, { recursive: true, force: true });
    ws.dispose();
  }
}

async function main(): Promise<number> {
  let result = 0;
  for (const s of pickScenarios(process.argv.slice(2))) {
    const code = await runScenario(s);
    if (result === 0) result = code;
  }
  return result;
}

exitWith(main);
