// The extension-host benchmark (bench/exthost.bench.ts runs this scenario): activation time, then a
// realistic session (diagnostics, the monitor on the fake device, two simulations, a workspace
// migration) while the extension's event-loop monitor watches the extension host. It prints
// figures; the only assertions are that each step really happened.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
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
  activation: { activateMs: number; totalMs: number };
  panel: { state(): Promise<PanelState>; simulate(slot: 'a' | 'b', text: string): Promise<void> };
  monitorEventLoop(): { worstBlockMs(): number; dispose(): void };
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

describe('extension host during a session (benchmark)', () => {
  it('reports activation and the worst synchronous task', async () => {
    const api = (await psramLens().activate()) as BenchApi;
    report(
      `    figure: activation ${ms(api.activation.totalMs)} (loading dist/extension.js and the client library + activate); activate() alone ${ms(api.activation.activateMs)}`,
    );
    const whole = api.monitorEventLoop();
    const phase = async (name: string, work: () => Promise<void>): Promise<void> => {
      const loop = api.monitorEventLoop();
      const t0 = Date.now();
      await work();
      report(
        `    figure: ${name}: ${Date.now() - t0} ms, worst extension-host block ${ms(loop.worstBlockMs())}`,
      );
      loop.dispose();
    };

    // Calibration: what the host's own noise (and a loaded machine) shows with nothing running.
    await phase('idle second (calibration)', () => new Promise((r) => setTimeout(r, 1000)));

    await phase('diagnostics of an opened file', async () => {
      const doc = await vscode.workspace.openTextDocument(wsUri('main/track.cpp'));
      await vscode.window.showTextDocument(doc);
      await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'diagnostics');
    });

    await phase('monitor with the fake device (recorded session)', async () => {
      const expected = recordedAllocations();
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
      await api.panel.simulate('a', scenario('seed-esp32s3.json'));
      await api.panel.simulate('b', scenario('webrtc-streamer.json'));
    });

    await phase('Migrate Workspace', async () => {
      const summary = await vscode.commands.executeCommand<{ applied: boolean; sites: number }>(
        'psramLens.migrateWorkspace',
        { interactive: false },
      );
      assert.ok(summary?.applied && summary.sites > 0, JSON.stringify(summary));
      await vscode.workspace.saveAll();
    });

    report(
      `    figure: worst synchronous extension-host task in the session ${ms(whole.worstBlockMs())}`,
    );
    whole.dispose();
  });
});
