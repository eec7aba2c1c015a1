/**
 * Reading a scenario file: JSON, the schema, and the sdkconfig file it may name (relative to the
 * scenario). Every problem becomes one `ScenarioError` line that names the file and the cause.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSdkconfig, type SdkValue } from '../project/sdkconfig';
import { ScenarioError, parseScenario, type Scenario } from './scenario';

export interface LoadedScenario {
  scenario: Scenario;
  sdkconfig: Map<string, SdkValue>;
}

export function loadScenarioText(text: string, file: string): LoadedScenario {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ScenarioError(`${file}: invalid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(json);
  } catch (e) {
    throw new ScenarioError(`${file}: ${(e as Error).message}`);
  }
  let sdkconfig = new Map<string, SdkValue>();
  if (scenario.sdkconfigFile !== undefined) {
    const path = resolve(dirname(file), scenario.sdkconfigFile);
    let sdkText: string;
    try {
      sdkText = readFileSync(path, 'utf8');
    } catch {
      throw new ScenarioError(`${file}: sdkconfigFile: cannot read ${scenario.sdkconfigFile}`);
    }
    sdkconfig = parseSdkconfig(sdkText).values;
  }
  return { scenario, sdkconfig };
}

export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`,
    );
  }
  return loadScenarioText(text, file);
}
