// Runs the extension suite inside the real extension host of code-server (VS Code server + web
// client), one code-server per scenario. The web client's smoke-test driver takes the test
// payload from the page URL and reports through two functions this runner exposes on the page:
// codeAutomationLog (the extension host's console, where mocha's reporter writes) and
// codeAutomationExit (mocha's result). Exits with the first non-zero code.
// Usage: node --import tsx test/e2e/runCodeServer.ts [trusted|plain|untrusted ...]
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './lib/browser';
import { CodeServer } from './lib/codeServer';
import { repoRoot, suiteIndex, testResults } from './lib/paths';
import { relayMark } from './lib/relay';
import { exitWith, pickScenarios, suiteEnvironment, type Scenario } from './lib/scenarios';

const scenarioTimeoutMs = 15 * 60_000;

async function runScenario(browser: Browser, scenario: Scenario): Promise<number> {
  const ws = scenario.workspace();
  const server = await CodeServer.start({ smokeTestDriver: true, trustAll: scenario.trusted });
  const page = await browser.newPage();
  try {
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    const consoleLog = join(testResults, `e2e-${scenario.name}-console.log`);
    mkdirSync(testResults, { recursive: true });
    const logStream = createWriteStream(consoleLog);
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      // The page may still log after the scenario ended (and the stream with it): keep the rest
      // on stdout's relay only.
      if (!logStream.writableEnded) logStream.write(`${type}: ${text}\n`);
      if (text.startsWith(relayMark)) console.log(text.slice(relayMark.length));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(suiteIndex)],
      ['extensionEnvironment', JSON.stringify(suiteEnvironment(scenario))],
    ];
    console.log(`e2e[${scenario.name}]: ${scenario.what} (${ws.path})`);
    await page.goto(server.url(ws.path, payload));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`e2e[${scenario.name}]: no result after ${scenarioTimeoutMs / 1000} s`);
        resolve(1);
      }, scenarioTimeoutMs);
    });
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    logStream.end();
    if (code !== 0) {
      console.log(`e2e[${scenario.name}]: workbench and extension host console in ${consoleLog}`);
      await page.screenshot({ path: join(testResults, `e2e-${scenario.name}-failed.png`) });
    }
    console.log(`e2e[${scenario.name}]: exit ${code}`);
    return code;
  } finally {
    await page.close();
    await server.stop();
    ws.dispose();
  }
}

async function main(): Promise<number> {
  if (!existsSync(suiteIndex)) {
    throw new Error(`${suiteIndex} is missing: run node scripts/build-e2e.mjs`);
  }
  const chosen = pickScenarios(process.argv.slice(2));
  const browser = await launchBrowser();
  let result = 0;
  try {
    for (const s of chosen) {
      const code = await runScenario(browser, s);
      if (result === 0) result = code;
    }
  } finally {
    await browser.close();
  }
  return result;
}

exitWith(main);
