/**
 * Replay figure (docs/verify.md): a recorded session of 100,000 allocations (50 sites, half of
 * them freed) turned into a scenario and run through the simulator, as recorded and with the top
 * site moved to the PSRAM factory. Goal: < 1 s per replay.
 */
import { recordSession, replayMetrics, replayScenario } from '../server/sim/replay';
import { runScenario } from '../server/sim/runner';
import { syntheticReplaySession } from '../test/server/sim/replaySession';

const N = 100_000;

export async function run(): Promise<void> {
  const rec = recordSession(syntheticReplaySession(N), 'esp32s3');
  const base = { chip: 'esp32s3' as const, idfVersion: '5.3', psramSize: 8 << 20 };
  for (const migrate of [[], ['app.cpp:1']]) {
    const t = performance.now();
    const m = replayMetrics(runScenario(replayScenario(rec, { ...base, migrate })));
    const ms = performance.now() - t;
    console.log(
      `replay of ${N.toLocaleString('en-US')} allocations${migrate.length ? ' (top site → factory)' : ''}: ${ms.toFixed(0)} ms (goal < 1000 ms); min free internal ${m.minFreeInternal} B, failures ${m.failures}`,
    );
  }
  await Promise.resolve();
}
