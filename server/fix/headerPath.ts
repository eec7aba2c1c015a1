/**
 * `psramLens.header.path` is workspace-settable, so it is confined to the project (issue 15,
 * security 1): a relative path inside the project root, never absolute, never climbing out with
 * `..`, and an existing file there is adopted only when its real path (symlinks resolved) is inside
 * the project's real root too. The CLI, the language server and the editor commands all come here.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, win32 } from 'node:path';
import { HEADER_PATH_PATTERN } from '../config/settings';
import { isInside } from '../project/paths';

export type HeaderPathResult = { path: string } | { error: string };

/** The real path of `p`, or of its closest existing ancestor joined with the rest. */
function realish(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realish(parent), p.slice(parent.length));
  }
}

/**
 * Resolves the setting against the project root. Empty: undefined (the default location applies).
 * Anything that would leave the project is an error naming the setting and the value.
 */
export function resolveHeaderPath(
  root: string | null,
  value: string | undefined,
): HeaderPathResult | undefined {
  if (!value) return undefined;
  const bad = (why: string): HeaderPathResult => ({
    error: `psramLens.header.path "${value}" ${why}; the default location is used`,
  });
  if (isAbsolute(value) || win32.isAbsolute(value)) {
    return bad('is absolute: it must be a path inside the project');
  }
  if (!new RegExp(HEADER_PATH_PATTERN).test(value)) return bad('climbs out of the project (..)');
  if (!root) return bad('needs a project folder to be relative to');
  const path = resolve(root, value);
  if (!isInside(resolve(root), path)) return bad('is not inside the project');
  // A symlink (of the file or a folder on the way) must not lead outside either.
  if (!isInside(realish(resolve(root)), realish(path))) {
    return bad('leads outside the project through a symbolic link');
  }
  return { path };
}
