/**
 * Writing a migration: each file whole or not at all (temp file in the same folder + rename), and
 * only if it still holds the text the plan was made from. The file keeps exactly its mode (the temp
 * file is chmod-ed, so the umask cannot drop bits); read-only files are refused (docs/fix.md, Faults);
 * a temp file never outlives the process, and the next run removes any that a `kill -9` left.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MigrationPlan } from './migrate';
import { describeError, errnoText } from '../errors';

/** Decodes a file as UTF-8, or returns null when decoding would not give the same bytes back. */
export function decodeExact(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

/** Names of our temp files: `.<name>.<8 hex>.psram-lens.tmp`. */
const TEMP_FILE = /^\..+\.[0-9a-f]{8}\.psram-lens\.tmp$/;

/** A write refused or failed: one line naming the file and the cause (never the temp file). */
export class WriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Temp files being written right now: removed on exit and on SIGINT/SIGTERM. */
const live = new Set<string>();
let hooked = false;

function removeLiveTemps(): void {
  for (const t of live) {
    try {
      unlinkSync(t);
    } catch {
      // already renamed or gone
    }
  }
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', removeLiveTemps);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only when nobody else handles the signal: then Node's default (exit) would skip 'exit'.
    if (process.listenerCount(signal) === 0) {
      process.once(signal, () => {
        removeLiveTemps();
        process.kill(process.pid, signal);
      });
    }
  }
}

/** True for a mode without any write bit (`chmod a-w`). */
export function isReadOnlyMode(mode: number): boolean {
  return (mode & 0o222) === 0;
}

/** Removes temp files an interrupted earlier run left in a folder; returns how many. */
export async function removeLeftovers(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names.filter((x) => TEMP_FILE.test(x))) {
    if (
      await unlink(join(dir, name)).then(
        () => true,
        () => false,
      )
    ) {
      n++;
    }
  }
  return n;
}

function cause(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? errnoText(code) : 'write failed';
}

/**
 * Replaces a file's content atomically. `expected`: the text the file must still have (undefined:
 * the file must not exist yet). Throws a WriteError with a one-line message naming the file.
 */
export async function writeAtomically(
  path: string,
  text: string,
  expected: string | undefined,
): Promise<void> {
  let mode: number | undefined;
  try {
    if (expected === undefined) {
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      ) {
        throw new WriteError(path, `appeared while fixing; not overwritten`);
      }
    } else {
      const bytes = await readFile(path);
      if (decodeExact(bytes) !== expected) {
        throw new WriteError(path, `changed while fixing; not written`);
      }
      mode = (await stat(path)).mode & 0o7777;
      if (isReadOnlyMode(mode)) {
        throw new WriteError(path, `read-only; not rewritten (make it writable to migrate it)`);
      }
    }
  } catch (e) {
    if (e instanceof WriteError) throw e;
    throw new WriteError(path, `cannot read (${cause(e)}); not written`);
  }
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(4).toString('hex')}.psram-lens.tmp`,
  );
  hookExit();
  live.add(tmp);
  try {
    if (expected === undefined) await mkdir(dirname(path), { recursive: true });
    // A new file gets what any new file gets here (0666 less the umask, as an editor's save);
    // an existing one keeps its mode exactly.
    await writeFile(tmp, text, { mode: mode === undefined ? 0o666 : 0o600, flag: 'wx' });
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new WriteError(path, `cannot write (${cause(e)}); left unchanged`);
  } finally {
    live.delete(tmp);
  }
}

export interface WriteResult {
  written: string[];
  errors: string[];
}

/**
 * Writes the header (when new, with its component's CMakeLists.txt) and then every planned file; a
 * failing file does not stop the others. When the header cannot be added, no file that would
 * include it is written: the project stays as it was, and compilable.
 */
export async function writePlan(
  plan: MigrationPlan,
  show: (path: string) => string = (p) => p,
): Promise<WriteResult> {
  const result: WriteResult = { written: [], errors: [] };
  // The header before its CMakeLists.txt: a component whose include dir is missing breaks the build.
  const created = plan.header.create ? [plan.header, ...plan.created] : [];
  const dirs = new Set(
    [...created.map((c) => c.path), ...plan.files.map((f) => f.file)].map((p) => dirname(p)),
  );
  for (const dir of dirs) await removeLeftovers(dir);
  const write = async (
    path: string,
    text: string,
    expected: string | undefined,
  ): Promise<boolean> => {
    try {
      await writeAtomically(path, text, expected);
      result.written.push(path);
      return true;
    } catch (e) {
      result.errors.push(
        e instanceof WriteError
          ? `${show(e.file)}: ${e.reason}`
          : `${show(path)}: ${describeError(e)}`,
      );
      return false;
    }
  };
  for (const c of created) {
    if (!(await write(c.path, c.text, undefined))) {
      result.errors.push(
        `${plan.files.length} files not rewritten: they would include ${show(plan.header.path)}, which could not be added`,
      );
      return result;
    }
  }
  for (const f of plan.files) await write(f.file, f.after, f.before);
  return result;
}
