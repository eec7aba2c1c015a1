/**
 * Writing a migration: each file whole or not at all (temp file in the same folder + rename), and
 * only if it still holds the text the plan was made from.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MigrationPlan } from './migrate';

/** Decodes a file as UTF-8, or returns null when decoding would not give the same bytes back. */
export function decodeExact(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

/**
 * Replaces a file's content atomically. `expected`: the text the file must still have (undefined:
 * the file must not exist yet). Throws with a one-line message naming the file otherwise.
 */
export async function writeAtomically(
  path: string,
  text: string,
  expected: string | undefined,
): Promise<void> {
  let mode: number | undefined;
  if (expected === undefined) {
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    ) {
      throw new Error(`${path}: appeared while fixing; not overwritten`);
    }
    await mkdir(dirname(path), { recursive: true });
  } else {
    const bytes = await readFile(path);
    if (decodeExact(bytes) !== expected) {
      throw new Error(`${path}: changed while fixing; not written`);
    }
    mode = (await stat(path)).mode;
  }
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(4).toString('hex')}.psram-lens.tmp`,
  );
  try {
    await writeFile(tmp, text, { mode });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export interface WriteResult {
  written: string[];
  errors: string[];
}

/** Writes the header (when new) and every planned file; a failing file does not stop the others. */
export async function writePlan(plan: MigrationPlan): Promise<WriteResult> {
  const result: WriteResult = { written: [], errors: [] };
  const jobs: [string, string, string | undefined][] = plan.files.map((f) => [
    f.file,
    f.after,
    f.before,
  ]);
  if (plan.header.create) jobs.unshift([plan.header.path, plan.header.text, undefined]);
  for (const [path, text, expected] of jobs) {
    try {
      await writeAtomically(path, text, expected);
      result.written.push(path);
    } catch (e) {
      result.errors.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  }
  return result;
}
