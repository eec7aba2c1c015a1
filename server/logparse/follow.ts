/**
 * Tail a growing log file (one that esp-idf-monitor or a terminal keeps appending to) and parse
 * what is added, like `tail -f` from the first byte. Truncation (size below the read position)
 * and rotation (the path now names another file) start a fresh parse from the new start; the
 * events of the old file are finished first. Polls with `stat`, which works on every platform
 * and file system (fs.watch does not on network shares and some editors' atomic saves).
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
  /** Parsed events, with the chip given or detected from the log so far. */
  onEvents: (events: HeapEvent[], chip: Chip | null) => void;
  /** A note for the user (truncation, rotation, file gone). */
  onNotice?: (message: string) => void;
  /** The file restarted (truncated, rotated): its old events are delivered, new ones follow. */
  onRestart?: () => void;
}

const CHUNK = 64 * 1024;

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

async function identity(path: string): Promise<{ ino: number; dev: number; size: number } | null> {
  try {
    const s = await stat(path);
    return { ino: s.ino, dev: s.dev, size: s.size };
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
  const restart = (why: string): void => {
    opts.onEvents(parser.end(), parser.chip);
    opts.onNotice?.(`${path}: ${why}; reading from the start`);
    opts.onRestart?.();
    parser = new LogStreamParser({ chip: opts.chip ?? null });
    pos = 0;
  };
  try {
    while (!opts.signal.aborted) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        opts.onEvents(parser.push(buf.subarray(0, bytesRead)), parser.chip);
        continue;
      }
      const now = await identity(path);
      if (now && (now.ino !== id.ino || now.dev !== id.dev)) {
        const next = await open(path, 'r').catch(() => null);
        if (next) {
          await fh.close();
          fh = next;
          id = await fh.stat();
          restart('was replaced (rotated)');
          continue;
        }
      }
      if (now && now.size < pos) {
        restart('was truncated');
        continue;
      }
      await sleep(pollMs, opts.signal);
    }
  } finally {
    await fh.close();
    opts.onEvents(parser.end(), parser.chip);
  }
}
