/** Path containment, said once: every confinement and "which folder holds it" check uses it. */
import { isAbsolute, relative } from 'node:path';

/** True when `path` is strictly inside `dir` (not `dir` itself; `..foo` is a name, not a way out). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel.split(/[\\/]/)[0] !== '..' && !isAbsolute(rel);
}
