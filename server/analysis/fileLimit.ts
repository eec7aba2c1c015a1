/**
 * The per-file size limit of `check`, `fix` and the language server (docs/reliability.md): a file
 * over it is skipped with one notice. Generated or amalgamated sources (font tables, sqlite3.c)
 * run to megabytes and cost a parse of seconds and hundreds of MB of tree while holding nothing
 * a fix would change; measured on this repository's machine, 2 MiB of C++ takes `check` about
 * 4 s and 190 MB, 4 MiB about 8.5 s and 250 MB.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** UTF-8 size of `text`, computed only when it can be over the limit (a UTF-16 unit is ≥ 1 byte). */
function overLimit(text: string): number | null {
  if (text.length <= MAX_FILE_BYTES / 3) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_FILE_BYTES ? bytes : null;
}

/** The one-line notice for a file over the limit (`what` names it), or null when it is not. */
export function sizeNotice(what: string, text: string): string | null {
  const bytes = overLimit(text);
  if (bytes === null) return null;
  const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${what}: skipped, ${mib(bytes)} is over the ${mib(MAX_FILE_BYTES)} per-file limit (generated or amalgamated code is not analysed)`;
}
