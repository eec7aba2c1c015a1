/**
 * "Follow Log File": reads what is appended to a log that another program writes (esp-idf-monitor's
 * log option, `tee`, a terminal's logging). Polls the size rather than trusting fs.watch, which
 * misses appends on network and container file systems; a shrinking file (rotation, truncation)
 * is read again from its start.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface LogTailOptions {
  /** Read the existing content first (true), or only what is appended from now on. */
  fromStart: boolean;
  intervalMs?: number;
  onData(chunk: Buffer): void;
  /** Called when the file is truncated/replaced: a new session should start. */
  onRestart?(): void;
  onError(message: string): void;
}

export class LogTail {
  private offset = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private reading: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly opts: LogTailOptions,
  ) {}

  static async start(path: string, opts: LogTailOptions): Promise<LogTail> {
    const tail = new LogTail(path, opts);
    if (!opts.fromStart) tail.offset = (await stat(path)).size;
    tail.reading = tail.poll();
    return tail;
  }

  /** Resolves after the read in progress (if any) has delivered its data. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reading;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.reading = this.poll();
    }, this.opts.intervalMs ?? 200);
  }

  private async poll(): Promise<void> {
    let handle: FileHandle | null = null;
    try {
      const size = (await stat(this.path)).size;
      if (size < this.offset) {
        this.offset = 0;
        this.opts.onRestart?.();
      }
      if (size > this.offset) {
        handle = await open(this.path, 'r');
        const buffer = Buffer.alloc(Math.min(size - this.offset, 4 * 1024 * 1024));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        this.offset += bytesRead;
        if (bytesRead > 0) this.opts.onData(buffer.subarray(0, bytesRead));
      }
    } catch (e) {
      this.opts.onError(`Cannot read ${this.path}: ${(e as Error).message}`);
    } finally {
      await handle?.close();
    }
    this.schedule();
  }
}
