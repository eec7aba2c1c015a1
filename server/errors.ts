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

function errnoText(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code;
  }
}
