/**
 * The Simulator tab's replay of the live session (docs/verify.md, "Replay"): two scenarios made
 * from the session's recorded allocations, as recorded (run it as A) and with the site holding the
 * most internal RAM moved to the PSRAM factory (run it as B). The tab's A/B columns then show
 * internal free over time, minimum free internal, largest internal block and failures side by side.
 */
import type { ScenarioEntry } from '../protocol/webview';
import type { SiteRow } from '../protocol/snapshot';
import type { Chip } from '../target/chips';
import { replayScenario, type Recording } from '../sim/replay';

/** Larger sessions are left to `psram-lens simulate --replay`: the scenario is text in an editor. */
export const MAX_PANEL_REPLAY_OPS = 20_000;

export function replayEntries(
  rec: Recording,
  sites: readonly SiteRow[],
  fallbackChip: Chip | null,
): ScenarioEntry[] {
  const chip = rec.chip ?? fallbackChip;
  if (!chip || rec.ops.length === 0 || rec.ops.length > MAX_PANEL_REPLAY_OPS) return [];
  const base = {
    chip,
    idfVersion: rec.idfVersion ?? '5.3',
    psramSize: rec.psramBytes,
    recordedRegions: true,
  };
  const allocs = rec.ops.filter((o) => o.op === 'alloc').length;
  const entry = (name: string, migrate: string[]): ScenarioEntry => ({
    name,
    path: '(this session)',
    text: JSON.stringify(replayScenario(rec, { ...base, migrate, name }), null, 1),
  });
  const out = [entry(`This session as recorded (${allocs} allocations)`, [])];
  const top = sites.find((s) => s.internalPeakBytes > 0 && rec.sites.has(s.key));
  if (top) {
    const where = top.key.split('/').slice(-2).join('/');
    out.push(entry(`This session, ${where} → PSRAM factory`, [top.key]));
  }
  return out;
}
