/**
 * Finding projects (docs/find.md, "Project kinds"):
 * - ESP-IDF: a folder whose CMakeLists.txt includes `$ENV{IDF_PATH}/tools/cmake/project.cmake`
 *   (the only reliable mark of a project root; a component has its own CMakeLists.txt without it);
 * - PlatformIO: a folder with `platformio.ini` (framework espidf and/or arduino);
 * - Arduino sketch: a folder holding `<folder name>.ino` (the Arduino IDE's rule), or an Arduino
 *   library (`library.properties`).
 * The innermost root wins. Multi-root: every root is searched.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { ARDUINO_DEFINES, arduinoConfig, ARDUINO_CORE_SDKCONFIG, chipOfBoard } from './arduino';
import { type BuildScope, NO_BUILD, loadBuildScope } from './buildScope';
import { type MacroTable, macroTable } from './macros';
import { gradedEnvironment } from './platformio';
import { isSkippedFolder } from './walk';
import {
  type PsramConfig,
  type SdkValue,
  UNKNOWN_CONFIG,
  parseSdkconfig,
  psramConfigFrom,
} from './sdkconfig';

export type ProjectKind = 'esp-idf' | 'platformio' | 'arduino';

export interface IdfProject {
  root: string;
  /** The file the configuration came from: `sdkconfig`, else `sdkconfig.defaults`, else null. */
  sdkconfigPath: string | null;
  config: PsramConfig;
  /** Problems reading the configuration (one line each, naming the file). */
  errors: string[];
  /** What kind of project (esp-idf when absent). */
  kind?: ProjectKind;
  /** PlatformIO: the environment graded (default_envs, else the first). */
  environment?: string;
  /** What the configuration came from when no sdkconfig did (`arduino-esp32 defaults`). */
  configSource?: string;
  /** Macro values for `#if` branches: sdkconfig options and -D flags. */
  macros?: MacroTable;
  /** Which files the build compiles for the ESP target. */
  build?: BuildScope;
}

const PROJECT_CMAKE = /include\s*\(\s*"?\$ENV\{IDF_PATH\}\/tools\/cmake\/project\.cmake"?\s*\)/;

async function isIdfRoot(dir: string): Promise<boolean> {
  try {
    return PROJECT_CMAKE.test(await readFile(join(dir, 'CMakeLists.txt'), 'utf8'));
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The kind of project rooted at `dir`, or null when it is not a project root. */
export async function projectKind(dir: string): Promise<ProjectKind | null> {
  if (await exists(join(dir, 'platformio.ini'))) return 'platformio';
  if (await isIdfRoot(dir)) return 'esp-idf';
  if (await exists(join(dir, `${basename(dir)}.ino`))) return 'arduino';
  // An Arduino library (`library.properties`, e.g. arduino-esp32's own libraries/*) builds into sketches.
  if (await exists(join(dir, 'library.properties'))) return 'arduino';
  return null;
}

export async function isProjectRoot(dir: string): Promise<boolean> {
  return (await projectKind(dir)) !== null;
}

/** Reads a project's configuration and build facts; broken files give errors and unknown values. */
export async function loadProject(root: string): Promise<IdfProject> {
  const kind = (await projectKind(root)) ?? 'esp-idf';
  if (kind === 'arduino') {
    return {
      root,
      sdkconfigPath: null,
      config: arduinoConfig(null, true),
      errors: [],
      kind,
      configSource: 'arduino-esp32 defaults',
      macros: macroTable(ARDUINO_CORE_SDKCONFIG, false, ARDUINO_DEFINES),
      build: NO_BUILD,
    };
  }
  let pio = null;
  if (kind === 'platformio') {
    try {
      pio = gradedEnvironment(await readFile(join(root, 'platformio.ini'), 'utf8'));
    } catch {
      // Unreadable platformio.ini: graded as a plain ESP-IDF folder.
    }
  }
  const names = pio ? [`sdkconfig.${pio.name}`, 'sdkconfig', 'sdkconfig.defaults'] : undefined;
  const read = await readSdkconfig(root, names);
  const defines = pio?.defines ?? new Map<string, SdkValue>();
  const arduinoOnly =
    pio !== null && pio.frameworks.includes('arduino') && !pio.frameworks.includes('espidf');
  if (pio && arduinoOnly && read.sdkconfigPath === null) {
    // docs/reference/arduino-esp32.md H3: `-DBOARD_HAS_PSRAM=0` is a build with PSRAM off.
    const flag = defines.get('BOARD_HAS_PSRAM');
    const hasPsram = flag === undefined ? null : flag !== 0;
    return {
      root,
      sdkconfigPath: null,
      config: arduinoConfig(chipOfBoard(pio.board), hasPsram),
      errors: read.errors,
      kind,
      environment: pio.name,
      configSource: 'arduino-esp32 defaults',
      macros: macroTable(ARDUINO_CORE_SDKCONFIG, false, ARDUINO_DEFINES, defines),
      build: await loadBuildScope(root, null),
    };
  }
  const extra = pio?.frameworks.includes('arduino') ? [ARDUINO_DEFINES, defines] : [defines];
  return {
    ...read,
    kind,
    environment: pio?.name,
    macros: macroTable(read.values, read.complete, ...extra),
    build: await loadBuildScope(root, read.config.targetName),
  };
}

interface SdkconfigRead {
  root: string;
  sdkconfigPath: string | null;
  config: PsramConfig;
  errors: string[];
  values: Map<string, SdkValue>;
  /** A full `sdkconfig` lists every option; a defaults file only overrides. */
  complete: boolean;
}

async function readSdkconfig(
  root: string,
  names = ['sdkconfig', 'sdkconfig.defaults'],
): Promise<SdkconfigRead> {
  const none = { root, values: new Map<string, SdkValue>(), complete: false };
  for (const name of names) {
    const path = join(root, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return {
        ...none,
        sdkconfigPath: path,
        config: UNKNOWN_CONFIG,
        errors: [`${path}: cannot read (${(e as NodeJS.ErrnoException).code})`],
      };
    }
    const parsed = parseSdkconfig(text);
    const errors = parsed.errors.map((er) => `${path}:${er.line}: ${er.message}`);
    return {
      root,
      sdkconfigPath: path,
      config: psramConfigFrom(parsed.values),
      errors,
      values: parsed.values,
      complete: !name.endsWith('.defaults'),
    };
  }
  return { ...none, sdkconfigPath: null, config: UNKNOWN_CONFIG, errors: [] };
}

/** Every ESP-IDF project at or below the given roots (a project's own subfolders are not searched for nested projects' configs beyond depth 6). */
export async function findProjects(roots: string[], maxDepth = 6): Promise<IdfProject[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    if (await isProjectRoot(dir)) found.push(dir);
    if (depth >= maxDepth) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !isSkippedFolder(e.name, true))
        .map((e) => walk(join(dir, e.name), depth + 1)),
    );
  }
  await Promise.all(roots.map((r) => walk(r, 0)));
  return Promise.all([...new Set(found)].sort().map(loadProject));
}

/** The innermost project that contains `file`, if any. */
export function projectForFile<P extends { root: string }>(
  projects: readonly P[],
  file: string,
): P | undefined {
  let best: P | undefined;
  for (const p of projects) {
    const rel = relative(p.root, file);
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === file) continue;
    if (!best || p.root.length > best.root.length) best = p;
  }
  return best;
}

/** Walks up from a path to the nearest project root (used when the CLI is given a file or subfolder). */
export async function findEnclosingProjectRoot(path: string): Promise<string | null> {
  let dir = path;
  for (;;) {
    if (await isProjectRoot(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
