/**
 * Reading a scenario file: JSON, the schema, and the sdkconfig file it may name (relative to the
 * scenario). Every problem becomes one `ScenarioError` line that names the file and the cause.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, win32 } from 'node:path';
import { parseSdkconfig, type SdkValue } from '../project/sdkconfig';
import { ScenarioError, parseScenario, type Scenario } from './scenario';

export interface LoadedScenario {
  scenario: Scenario;
  sdkconfig: Map<string, SdkValue>;
}

export interface LoadOptions {
  /**
   * The folder `sdkconfigFile` must stay inside: the workspace folder in VS Code, the current
   * directory for the CLI. Without it, a scenario may name an sdkconfig only when `file` is an
   * absolute path, and then only inside the scenario's own folder. Names resolve against the
   * folder of `file` (relative to the current directory): for text that is not a saved file, pass
   * a path inside the root, e.g. `<workspace>/scenario.json`.
   */
  root?: string;
  /** How messages name the scenario when `file` is only a place to resolve names from. */
  label?: string;
}

export function loadScenarioText(
  text: string,
  file: string,
  options: LoadOptions = {},
): LoadedScenario {
  const label = options.label ?? file;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ScenarioError(`${label}: invalid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(json);
  } catch (e) {
    throw new ScenarioError(`${label}: ${(e as Error).message}`);
  }
  let sdkconfig = new Map<string, SdkValue>();
  if (scenario.sdkconfigFile !== undefined) {
    const path = confinedPath(file, label, scenario.sdkconfigFile, options.root);
    let sdkText: string;
    try {
      sdkText = readFileSync(path, 'utf8');
    } catch {
      throw new ScenarioError(`${label}: sdkconfigFile: cannot read ${scenario.sdkconfigFile}`);
    }
    sdkconfig = parseSdkconfig(sdkText).values;
  }
  return { scenario, sdkconfig };
}

/**
 * Where `sdkconfigFile` is, if it stays inside the root: a scenario from an untrusted workspace
 * must not read (or probe the existence of) files elsewhere. Checked on the path's text before
 * any file is touched, then again on the real paths, so a symlink cannot lead out either.
 */
function confinedPath(file: string, label: string, name: string, root: string | undefined): string {
  const fail = (why: string): never => {
    throw new ScenarioError(`${label}: sdkconfigFile: ${why}`);
  };
  if (isAbsolute(name) || win32.isAbsolute(name)) fail(`must be a relative path, got ${name}`);
  const bound = root ?? (isAbsolute(file) ? dirname(file) : fail('needs a saved scenario file'));
  const path = resolve(dirname(file), name);
  const outside = (base: string, p: string): boolean => {
    const rel = relative(base, p);
    return rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel);
  };
  if (outside(resolve(bound), path)) fail(`${name} is outside ${bound}`);
  let real = '';
  let realBound = '';
  try {
    real = realpathSync(path);
    realBound = realpathSync(bound);
  } catch {
    fail(`cannot read ${name}`);
  }
  if (outside(realBound, real)) fail(`${name} is outside ${bound}`);
  return real;
}

export function loadScenarioFile(file: string, options: LoadOptions = {}): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`,
    );
  }
  return loadScenarioText(text, file, options);
}
