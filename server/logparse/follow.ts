/**
 * Tail a growing log file (one that esp-idf-monitor or a terminal keeps appending to) and parse
 * what is added, like `tail -f` from the first byte. Polls with `stat`, which works on every
 * platform and file system (fs.watch does not on network shares and some editors' atomic saves).
 * Every poll checks, before reading on:
 * - rotation: the path names another file (also when it was replaced twice since the last poll:
 *   the newest one is read from its start; the one in between was never seen and cannot be);
 * - truncation: the last bytes read are gone or changed, checked before every read (so a file
 *   truncated and regrown past the read position between two polls is noticed too);
 * - deletion: the path is gone (said once; reading resumes when a file appears there again).
 * In each case the events of the old file are finished first and the user is told.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { HeapEvent } from '../protocol/events';
import type { Chip } from '../target/chips';
import { LogStreamParser } from './parser';

export interface FollowOptions {
  chip?: Chip | null;
  /** Poll interval in ms when there is nothing new (default 200). */
  pollMs?: number;
  /** Stop following (parsing what was read so far to the end). */
  signal: AbortSignal;
  /**
   * Parsed events, with the chip given or detected from the log so far. Awaited before the next
   * read, so a slow consumer (decoding, output) holds the reader back.
   */
  onEvents: (events: HeapEvent[], chip: Chip | null) => void | Promise<void>;
  /** A note for the user (truncation, rotation, file gone). */
  onNotice?: (message: string) => void;
  /** The file restarted (truncated, rotated): its old events are delivered, new ones follow. */
  onRestart?: () => void;
}

const CHUNK = 64 * 1024;
/** Bytes before the read position compared on every poll to notice a truncate-and-regrow. */
const TAIL = 64;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function identity(path: string): Promise<{ ino: number; dev: number } | null> {
  try {
    const s = await stat(path);
    return { ino: s.ino, dev: s.dev };
  } catch {
    return null;
  }
}

/** Resolves when `signal` aborts; rejects only if the file cannot be opened at the start. */
export async function followFile(path: string, opts: FollowOptions): Promise<void> {
  const pollMs = opts.pollMs ?? 200;
  let fh: FileHandle = await open(path, 'r');
  let id = await fh.stat();
  let pos = 0;
  let parser = new LogStreamParser({ chip: opts.chip ?? null });
  const buf = Buffer.alloc(CHUNK);
  /** The last bytes read (up to TAIL), to recognise the same file content on the next poll. */
  let tail = Buffer.alloc(0);
  const check = Buffer.alloc(TAIL);
  let gone = false;
  const restart = async (why: string): Promise<void> => {
    await opts.onEvents(parser.end(), parser.chip);
    opts.onNotice?.(`${path}: ${why}; reading from the start`);
    opts.onRestart?.();
    parser = new LogStreamParser({ chip: opts.chip ?? null });
    pos = 0;
    tail = Buffer.alloc(0);
  };
  const switchTo = async (next: FileHandle, why: string): Promise<void> => {
    await fh.close();
    fh = next;
    id = await fh.stat();
    await restart(why);
  };
  try {
    while (!opts.signal.aborted) {
      if (tail.length > 0) {
        // Were the bytes before the read position rewritten (truncated and regrown past it)?
        // Checked before every read: 64 bytes against each 64 KiB chunk.
        const { bytesRead: n } = await fh.read(check, 0, tail.length, pos - tail.length);
        if (n !== tail.length || !check.subarray(0, n).equals(tail)) {
          await restart(n < tail.length ? 'was truncated' : 'was truncated and rewritten');
          continue;
        }
      }
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        const got = buf.subarray(0, bytesRead);
        tail = Buffer.concat([tail, got.subarray(Math.max(0, bytesRead - TAIL))]).subarray(-TAIL);
        await opts.onEvents(parser.push(got), parser.chip);
        continue;
      }
      const now = await identity(path);
      if (!now) {
        if (!gone) opts.onNotice?.(`${path}: was deleted; waiting for it to appear again`);
        gone = true;
      } else if (now.ino !== id.ino || now.dev !== id.dev) {
        const next = await open(path, 'r').catch(() => null);
        if (next) {
          gone = false;
          await switchTo(next, 'was replaced (rotated)');
          continue;
        }
      }
      await sleep(pollMs, opts.signal);
    }
  } finally {
    await fh.close();
    await opts.onEvents(parser.end(), parser.chip);
  }
}
