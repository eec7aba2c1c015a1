/**
 * The one place where fix settings become planner options, for the CLI (`.vscode/settings.json`
 * and flags), code actions and the migration commands (settings pulled from the editor).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings';
import { resolveHeaderPath } from './headerPath';
import type { WorkspaceFixOptions } from './planWorkspace';

/** `psramLens.fix.*`, `psramLens.factory.namespace` and `psramLens.header.path`. */
export type FixSettings = Pick<Settings, 'fix' | 'factory' | 'header'>;

export interface ResolvedFixOptions {
  options: WorkspaceFixOptions;
  /** Settings not applied (a header path outside the project), one line each. */
  problems: string[];
}

/** `header.path` is confined to the project (headerPath.ts); empty: the default location. */
export function fixOptionsOf(settings: FixSettings, root: string | null): ResolvedFixOptions {
  const header = resolveHeaderPath(root, settings.header.path);
  return {
    options: {
      style: settings.fix.style,
      namespace: settings.factory.namespace,
      headerPath: header && 'path' in header ? header.path : undefined,
      includeVendored: settings.fix.includeVendored,
      includeHostCode: settings.fix.includeHostCode,
    },
    problems: header && 'error' in header ? [header.error] : [],
  };
}

/**
 * The fix settings of a project as its `.vscode/settings.json` sets them (the CLI has no editor to
 * ask); a missing or invalid value is the default. `header.path` is as written: `fixOptionsOf`
 * confines it to the project.
 */
export async function projectFixSettings(root: string): Promise<FixSettings> {
  const d = DEFAULT_SETTINGS;
  let s: Record<string, unknown> | undefined;
  try {
    s = parseJsonc(await readFile(join(root, '.vscode', 'settings.json'), 'utf8')) as
      Record<string, unknown> | undefined;
  } catch {
    s = undefined;
  }
  const style = s?.['psramLens.fix.style'];
  const ns = s?.['psramLens.factory.namespace'];
  const header = s?.['psramLens.header.path'];
  const vendored = s?.['psramLens.fix.includeVendored'];
  const host = s?.['psramLens.fix.includeHostCode'];
  return {
    fix: {
      style: style === 'qualified' || style === 'unqualified' ? style : d.fix.style,
      includeVendored: typeof vendored === 'boolean' ? vendored : d.fix.includeVendored,
      includeHostCode: typeof host === 'boolean' ? host : d.fix.includeHostCode,
    },
    factory: { namespace: typeof ns === 'string' && ns ? ns : d.factory.namespace },
    header: { path: typeof header === 'string' ? header : d.header.path },
  };
}
