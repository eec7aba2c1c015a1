/**
 * The simulator tab's server side: scenario files offered for picking, the project's sdkconfig
 * values as scenario defaults, and running edited scenario text through the simulator into the
 * same heap model the live view uses, so both render alike (in a worker: simWorker.ts).
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { Chip } from '../target/chips';
import { HeapModel } from '../heap/model';
import type { IdfProject } from '../project/discovery';
import { parseSdkconfig } from '../project/sdkconfig';
import type { Finding } from '../analysis/findings';
import { walkFiles } from '../project/walk';
import type { ScenarioDefaults, ScenarioEntry, SimObjectType, SimRun } from '../protocol/webview';
import { loadScenarioText } from '../sim/load';
import { runScenario } from '../sim/runner';

/** Scenario files found at most (the picker is a short list). */
const MAX_SCENARIO_FILES = 200;
const MAX_DEPTH = 8;

/** `scenarios/*.json` and `*.scenario.json` under the folders, skipping build output. */
export async function findScenarioFiles(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const isScenario = (file: string, dir: string): boolean =>
    file.endsWith('.scenario.json') || (file.endsWith('.json') && basename(dir) === 'scenarios');
  for (const f of folders) {
    if (found.length >= MAX_SCENARIO_FILES) break;
    await walkFiles(
      f,
      (file, dir) => {
        if (isScenario(file, dir)) found.push(file);
        return found.length < MAX_SCENARIO_FILES;
      },
      { maxDepth: MAX_DEPTH },
    );
  }
  return found;
}

/** Reads scenario files; unreadable or non-JSON files are skipped (they cannot be run anyway). */
export function scenarioEntries(files: readonly string[], root: string): ScenarioEntry[] {
  const out: ScenarioEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      JSON.parse(text);
    } catch {
      continue;
    }
    const name = (JSON.parse(text) as { name?: unknown }).name;
    out.push({
      name: typeof name === 'string' ? name : basename(file, '.json'),
      path: relative(root, file).split('\\').join('/'),
      text,
    });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Two scenarios always on offer, so a project without scenario files can still compare: the
 * seed experiment's 1,000 objects of 96 bytes via `std::make_shared`, and via the PSRAM factory.
 * The chip is the project's (ESP32-S3 without one), its sdkconfig is merged in by the panel; the
 * PSRAM size is an assumption to edit.
 */
export function builtInScenarios(chip: Chip | null): ScenarioEntry[] {
  const scenario = (method: 'make_shared' | 'psram_factory', label: string) => ({
    name: `1,000 × 96 B via ${label}`,
    description:
      'Built in (edit me): PSRAM size assumed 8 MB; chip and sdkconfig from the project.',
    chip: chip ?? 'esp32s3',
    psramSize: '8MB',
    types: { Object96: { size: 96, align: 4 } },
    steps: [
      { op: 'allocate', label, method, type: 'Object96', count: 1000 },
      { op: 'snapshot', label: `during ${label}` },
    ],
  });
  return [
    ['make_shared', 'std::make_shared'],
    ['psram_factory', 'PSRAM factory'],
  ].map(([method, label]) => {
    const s = scenario(method as 'make_shared' | 'psram_factory', label);
    return { name: s.name, path: '(built in)', text: JSON.stringify(s, null, 2) };
  });
}

/** A file's findings (the workspace check's). */
export interface FileFindings {
  path: string;
  findings: readonly Finding[];
}

/**
 * The types the project's findings allocate, for the what-if form: one entry per type (at its
 * first site), largest first; `site` is relative to `root`.
 */
export function findingTypes(files: readonly FileFindings[], root: string): SimObjectType[] {
  const byName = new Map<string, SimObjectType>();
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const { path, findings } of sorted) {
    for (const f of findings) {
      if (!f.object || byName.has(f.object.type)) continue;
      const file = relative(root, path).split('\\').join('/');
      byName.set(f.object.type, {
        name: f.object.type,
        size: f.object.size,
        align: f.object.align,
        site: `${file}:${f.range.start.line + 1}`,
      });
    }
  }
  return [...byName.values()].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
}

/** The project's chip and PSRAM options (every CONFIG_SPIRAM_* value) in scenario field names. */
export function projectDefaults(project: IdfProject | null, root: string): ScenarioDefaults {
  if (!project?.sdkconfigPath) return { source: null, fields: {} };
  let values: Map<string, unknown>;
  try {
    values = parseSdkconfig(readFileSync(project.sdkconfigPath, 'utf8')).values;
  } catch {
    return { source: null, fields: {} };
  }
  const sdkconfig: Record<string, unknown> = {};
  for (const [k, v] of values) if (k.startsWith('CONFIG_SPIRAM')) sdkconfig[k] = v;
  const fields: Record<string, unknown> = { sdkconfig };
  if (project.config.target) fields.chip = project.config.target;
  const size = values.get('CONFIG_SPIRAM_SIZE');
  if (typeof size === 'number' && size > 0) fields.psramSize = size;
  return { source: relative(root, project.sdkconfigPath).split('\\').join('/'), fields };
}

/**
 * Where a scenario typed in the panel reads its `sdkconfigFile` from: `file` (the workspace file
 * it was loaded from, else a name inside the workspace folder) resolves the name, and `root`
 * (that workspace folder) confines it.
 */
export interface ScenarioPlace {
  file: string;
  root: string;
}

/**
 * Runs scenario text; throws ScenarioError (one clear line) on bad input. Without a place, a
 * scenario that names an sdkconfigFile is refused (there is nothing to resolve it against).
 */
export function runScenarioText(text: string, place?: ScenarioPlace): SimRun {
  const { scenario, sdkconfig } = loadScenarioText(
    text,
    place?.file ?? 'scenario',
    place ? { root: place.root, label: 'scenario' } : {},
  );
  const { events, result } = runScenario(scenario, sdkconfig);
  const model = new HeapModel({ chip: result.chip });
  for (const e of events) model.apply(e);
  let internal = 0;
  let psram = 0;
  for (const g of result.groups) {
    internal += g.internalBytes;
    psram += g.psramBytes;
  }
  return {
    name: scenario.name ?? `${result.chip} scenario`,
    snapshot: model.snapshot(),
    rows: model.allocations(),
    totals: { internal, psram },
  };
}
