// Waits on a condition (polled), never a fixed sleep: returns as soon as `check` holds, fails
// with a message naming what was awaited when the time is up.
export interface WaitOptions {
  timeoutMs: number;
  what: string;
  intervalMs?: number;
}

export async function waitUntil<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
