/**
 * `psram-lens simulate --replay session.log [--migrate SITE …] [--set CONFIG_…=… …]
 * [--target CHIP] [--sdkconfig FILE] [--elf APP.elf]`: the session's recorded allocations run
 * through the simulator as recorded (A) and with the changes asked for (B), side by side:
 * minimum free internal RAM, largest internal block, failures avoided (server/sim/replay.ts).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseLog } from '../logparse/parser';
import { parseSdkconfig, type SdkValue } from '../project/sdkconfig';
import { isChip, type Chip } from '../target/chips';
import {
  recordSession,
  replayMetrics,
  replayScenario,
  type Recording,
  type ReplayMetrics,
} from '../sim/replay';
import { runScenario } from '../sim/runner';
import { ScenarioError } from '../sim/scenario';
import { CliError } from './errors';
import { annotateEvents } from './parseLog';

export interface ReplayFlags {
  chip?: Chip;
  target?: Chip;
  idfVersion?: string;
  sdkconfig?: string;
  set: string[];
  migrate: string[];
  elf?: string;
  addr2line?: string;
  json?: boolean;
}

export interface ReplaySide {
  label: string;
  chip: Chip;
  idfVersion: string;
  metrics: ReplayMetrics;
}

export interface ReplayReport {
  log: string;
  allocations: number;
  sites: number;
  a: ReplaySide;
  b: ReplaySide | null;
}

/** `CONFIG_X=value` (y/n, numbers, strings). */
export function parseSet(items: readonly string[]): Record<string, SdkValue> {
  const out: Record<string, SdkValue> = {};
  for (const item of items) {
    const m = /^(CONFIG_[A-Z0-9_]+)=(.*)$/.exec(item);
    if (!m) throw new CliError(`--set ${item}: expected CONFIG_NAME=value`);
    const v = m[2];
    out[m[1]] =
      v === 'y'
        ? true
        : v === 'n'
          ? false
          : /^-?\d+$/.test(v)
            ? Number(v)
            : v.replace(/^"|"$/g, '');
  }
  return out;
}

async function sdkconfigValues(path: string | undefined): Promise<Map<string, SdkValue>> {
  const candidates = path ? [path] : [join(process.cwd(), 'sdkconfig')];
  for (const p of candidates) {
    try {
      return parseSdkconfig(await readFile(resolve(p), 'utf8')).values;
    } catch {
      if (path) throw new CliError(`${path}: cannot read sdkconfig`);
    }
  }
  return new Map();
}

export async function replayLog(file: string, flags: ReplayFlags): Promise<ReplayReport> {
  let text: Buffer;
  try {
    text = await readFile(resolve(file));
  } catch {
    throw new CliError(`${file}: cannot read log`);
  }
  const base = await sdkconfigValues(flags.sdkconfig);
  const target = base.get('CONFIG_IDF_TARGET');
  const parsed = parseLog(text, {
    chip: flags.chip ?? (typeof target === 'string' && isChip(target) ? target : null),
  });
  await annotateEvents(flags, parsed.chip, parsed.events);
  const rec = recordSession(parsed.events, parsed.chip);
  const chip = parsed.chip;
  if (!chip) throw new CliError(`${file}: the chip is unknown; give --chip`);
  if (rec.ops.length === 0) {
    throw new CliError(
      `${file}: no allocations to replay (needs heap-trace records or the factory's allocation lines)`,
    );
  }
  const idfVersion = flags.idfVersion ?? rec.idfVersion ?? '5.3';
  const set = parseSet(flags.set);
  const changed = flags.migrate.length > 0 || Object.keys(set).length > 0 || flags.target;
  const a = side(rec, 'as recorded', chip, idfVersion, base, {}, []);
  const b = changed
    ? side(rec, whatIf(flags, set), flags.target ?? chip, idfVersion, base, set, flags.migrate)
    : null;
  return { log: file, allocations: count(rec), sites: rec.sites.size, a, b };
}

function count(rec: Recording): number {
  let n = 0;
  for (const v of rec.sites.values()) n += v;
  return n;
}

function whatIf(flags: ReplayFlags, set: Record<string, SdkValue>): string {
  const parts: string[] = [];
  if (flags.migrate.length) {
    parts.push(`${flags.migrate.length} site${flags.migrate.length > 1 ? 's' : ''} → factory`);
  }
  for (const [k, v] of Object.entries(set)) parts.push(`${k.replace(/^CONFIG_/, '')}=${String(v)}`);
  if (flags.target) parts.push(flags.target);
  return parts.join(', ');
}

function side(
  rec: Recording,
  label: string,
  chip: Chip,
  idfVersion: string,
  base: Map<string, SdkValue>,
  set: Record<string, SdkValue>,
  migrate: readonly string[],
): ReplaySide {
  const run = (recordedRegions: boolean): ReplayMetrics => {
    const scenario = replayScenario(rec, {
      chip,
      idfVersion,
      psramSize: rec.psramBytes,
      sdkconfig: set,
      migrate,
      name: label,
      recordedRegions,
    });
    return replayMetrics(runScenario(scenario, base));
  };
  try {
    // The device's own heap_init regions when the chip is the recorded one; the chip's profile
    // when they cannot be used (another chip, a region label the simulator does not know).
    let metrics: ReplayMetrics;
    try {
      metrics = run(chip === rec.chip && rec.regions.length > 0);
    } catch (e) {
      if (!(e instanceof ScenarioError) || !/regions/.test(e.message)) throw e;
      metrics = run(false);
    }
    return { label, chip, idfVersion, metrics };
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(e.message);
    throw e;
  }
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

export function formatReplay(r: ReplayReport): string {
  const cols = [r.a, ...(r.b ? [r.b] : [])];
  const w = 16;
  const row = (name: string, f: (c: ReplaySide, i: number) => string): string =>
    `${name.padEnd(26)}${cols.map((c, i) => f(c, i).padStart(w)).join('')}`;
  const lines = [
    `Replay of ${r.log}: ${r.allocations} allocations from ${r.sites} sites (${r.a.chip}, ESP-IDF ${r.a.idfVersion})`,
    ...(r.b ? [`B: ${r.b.label}`] : []),
    row('', (_c, i) => (i === 0 ? 'A: as recorded' : 'B: what if')),
    row('min free internal', (c) => kib(c.metrics.minFreeInternal)),
    row('largest internal block', (c) => kib(c.metrics.largestInternalBlock)),
    row('bytes placed internal', (c) => kib(c.metrics.internalBytes)),
    row('failed allocations', (c) => String(c.metrics.failures)),
  ];
  if (r.b) {
    const freed = r.b.metrics.minFreeInternal - r.a.metrics.minFreeInternal;
    const avoided = r.a.metrics.failures - r.b.metrics.failures;
    lines.push(
      '',
      `${freed >= 0 ? 'frees' : 'costs'} ${kib(Math.abs(freed))} of internal RAM at the low point; ` +
        `${avoided >= 0 ? `${avoided} failure${avoided === 1 ? '' : 's'} avoided` : `${-avoided} more failures`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
