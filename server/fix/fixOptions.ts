/**
 * The one place where fix settings become planner options, for the CLI (`.vscode/settings.json`
 * and flags), code actions and the migration commands (settings pulled from the editor).
 */
import { isAbsolute, join } from 'node:path';
import type { Settings } from '../config/settings';
import type { FixOptions } from './migrate';

/** `psramLens.fix.style`, `psramLens.factory.namespace` and `psramLens.header.path`. */
export type FixSettings = Pick<Settings, 'fix' | 'factory' | 'header'>;

/** `header.path` is project-relative (an absolute path is kept); empty: the planner's default location. */
export function fixOptionsOf(settings: FixSettings, root: string | null): FixOptions {
  const header = settings.header.path;
  return {
    style: settings.fix.style,
    namespace: settings.factory.namespace,
    headerPath: !header
      ? undefined
      : isAbsolute(header)
        ? header
        : root
          ? join(root, header)
          : undefined,
  };
}
