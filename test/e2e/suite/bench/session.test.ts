// The extension-host benchmark (bench/exthost.bench.ts runs this scenario): activation time, then a
// realistic session (diagnostics, the monitor on the fake device, two simulations, a workspace
// migration) while the extension's event-loop monitor watches the extension host. It prints
// figures; the only assertions are that each step really happened.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { type CpuProfile, describeBlock, profileBlocks } from '../../lib/cpuProfile';
import { psramLens, repoRoot, waitForDiagnostics, waitUntil, wsUri } from '../helpers';
import {
  fakeDevice,
  nodeBinary,
  type PanelState,
  recordedAllocations,
  startMonitor,
} from '../monitorFlow';
import { report } from '../report';

/** The part of the extension's exports (extension/exports.ts) the benchmark reads. */
interface BenchApi {
  activation: { activateMs: number; loadMs: number; totalMs: number };
  panel: {
    state(): Promise<PanelState>;
    /** What the page was told: a run (`simResult`) or its error (`simError`). */
    simulate(slot: 'a' | 'b', text: string): Promise<{ type: string } | null>;
  };
  monitorEventLoop(): { worstBlockMs(): number; worstBlockCpuMs(): number; dispose(): void };
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
/** The worst block, and how much of it the host's thread spent on the CPU (see extension/exports.ts). */
const worst = (loop: ReturnType<BenchApi['monitorEventLoop']>): string =>
  `${ms(loop.worstBlockMs())} (on the CPU ${ms(loop.worstBlockCpuMs())} of it)`;

/**
 * With PSRAM_LENS_BENCH_PROFILE=<dir>, each phase is CPU-profiled in the extension host and saved
 * as <dir>/<phase>.cpuprofile (open it in Chrome DevTools, or list what ran in the longest blocks
 * with bench/longestBlock.ts); profiling slows the host, and the whole-session figure then
 * includes starting and stopping the profiler.
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.PSRAM_LENS_BENCH_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name.replace(/[^\w]+/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const ourBundles = pathToFileURL(join(repoRoot, 'dist')).href + '/';
    const blocks = profileBlocks(profile as CpuProfile, (url) => url.startsWith(ourBundles));
    const ours = [...blocks].sort((a, b) => b.oursMs - a.oursMs)[0];
    report(
      `    profile: ${file}: longest block ${describeBlock(blocks[0])}; the one with the most of our code ${describeBlock(ours)}`,
    );
  }
}

describe('extension host during a session (benchmark)', () => {
  it('reports activation and the worst synchronous task', async () => {
    const api = (await psramLens().activate()) as BenchApi;
    report(
      `    figure: activation ${ms(api.activation.loadMs + api.activation.activateMs)} of our code (evaluating dist/extension.js ${ms(api.activation.loadMs)} + activate() ${ms(api.activation.activateMs)}; the client library loads after); ${ms(api.activation.totalMs)} from the bundle's first line to the end of activate, VS Code's own steps in between included`,
    );
    // Before any measuring: it runs the CLI synchronously, in this very extension host (it was
    // the monitor phase's 220-250 ms "block").
    const expected = recordedAllocations();
    const whole = api.monitorEventLoop();
    // The profiler (when on) starts before the phase's monitor and stops after its figure.
    const phase = (name: string, work: () => Promise<void>): Promise<void> =>
      profiled(name, async () => {
        const loop = api.monitorEventLoop();
        const t0 = Date.now();
        await work();
        report(
          `    figure: ${name}: ${Date.now() - t0} ms, worst extension-host block ${worst(loop)}`,
        );
        loop.dispose();
      });

    // Calibration: what the host's own noise (and a loaded machine) shows with nothing running.
    await phase('idle second (calibration)', () => new Promise((r) => setTimeout(r, 1000)));

    await phase('diagnostics of an opened file', async () => {
      const doc = await vscode.workspace.openTextDocument(wsUri('main/track.cpp'));
      await vscode.window.showTextDocument(doc);
      await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'diagnostics');
    });

    await phase('monitor with the fake device (recorded session)', async () => {
      await startMonitor(nodeBinary, [
        fakeDevice,
        '--speed',
        '50',
        '-p',
        '/dev/ttyFAKE0',
        'monitor',
      ]);
      await waitUntil(
        async () => {
          const have = new Set((await api.panel.state()).rows.map((r) => r.address));
          return expected.every((a) => have.has(a)) || undefined;
        },
        { timeoutMs: 120_000, what: 'the session in the panel model', intervalMs: 250 },
      );
      await vscode.commands.executeCommand('psramLens.stopMonitor');
    });

    await phase('two simulations', async () => {
      const scenario = (name: string): string =>
        readFileSync(join(repoRoot, 'examples', 'scenarios', name), 'utf8');
      // Scenarios without an sdkconfigFile: this workspace is the example project, which does not
      // hold the scenarios folder those names resolve from.
      for (const [slot, name] of [
        ['a', 'seed-esp32s3.json'],
        ['b', 'heap-caps-and-fragmentation.json'],
      ] as const) {
        const told = await api.panel.simulate(slot, scenario(name));
        assert.equal(told?.type, 'simResult', `${name}: ${JSON.stringify(told).slice(0, 200)}`);
      }
    });

    await phase('Migrate Workspace', async () => {
      const summary = await vscode.commands.executeCommand<{ applied: boolean; sites: number }>(
        'psramLens.migrateWorkspace',
        { interactive: false },
      );
      assert.ok(summary?.applied && summary.sites > 0, JSON.stringify(summary));
      await vscode.workspace.saveAll();
    });

    report(`    figure: worst synchronous extension-host task in the session ${worst(whole)}`);
    whole.dispose();
  });
});
