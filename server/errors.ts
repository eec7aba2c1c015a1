/**
 * The one error describer, for the CLI, the language server and the extension: any thrown value
 * as one line a person can read (`path: no such file or directory`), never a stack trace.
 */

/** One-line description of any thrown value, never a stack trace. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const path = (e as NodeJS.ErrnoException).path;
    if (code && path) return `${path}: ${errnoText(code)}`;
    return e.message.split('\n')[0];
  }
  return String(e);
}

/** What an errno code means, in words (the code itself when it is not one of these). */
export function errnoText(code: string): string {
  return ERRNO_TEXT[code] ?? code;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
};
