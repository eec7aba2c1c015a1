/**
 * One long-lived `addr2line -f -i -C -a -e app.elf` process fed over stdin, with a cache per
 * address. esp-idf-monitor and PlatformIO's decoder start one process per line or address, which
 * re-reads the ELF's DWARF every time; here the ELF is read once and every further address costs a
 * pipe round-trip (docs/verify.md, "Symbolization").
 *
 * Protocol: a batch is the uncached addresses, one per line, then a sentinel address. With `-a`
 * addr2line echoes each address before its frames (function line + `file:line` line, repeated for
 * `-i` inlined callers), and binutils flushes after every address, so the sentinel's echo marks
 * the batch as complete. The process restarts when the ELF changes (mtime or size).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import type { SymbolInfo } from '../protocol/events';

/** Never a code address on any ESP chip: its echo ends a batch. */
const SENTINEL = 0xffffffff;
const SENTINEL_TEXT = '0xffffffff\n';
/** How often (ms) the ELF's stamp is re-read; a rebuild is noticed within this time. */
const STAMP_EVERY_MS = 500;

interface Frame {
  function: string;
  file: string;
  fileLine: number;
}

interface Batch {
  addresses: number[];
  done: () => void;
  fail: (e: Error) => void;
}

const DISCRIMINATOR = / \(discriminator \d{1,9}\)$/;

/** `file:line` as addr2line prints it (`??:0`, `file:?`, `file:12 (discriminator 3)`). */
function location(text: string): { file: string; fileLine: number } {
  const t = text.replace(DISCRIMINATOR, '');
  const colon = t.lastIndexOf(':');
  if (colon <= 0) return { file: t === '??' ? '' : t, fileLine: 0 };
  const file = t.slice(0, colon);
  const n = Number(t.slice(colon + 1));
  return { file: file === '??' ? '' : file, fileLine: Number.isInteger(n) && n > 0 ? n : 0 };
}

/** The frames of one address as a SymbolInfo (innermost first, callers in `inlinedBy`); null when unknown. */
export function toSymbol(address: number, frames: readonly Frame[]): SymbolInfo | null {
  const known = frames.filter((f) => f.function !== '??' || f.file !== '');
  if (known.length === 0) return null;
  const [first, ...rest] = known;
  const s: SymbolInfo = { address, ...first };
  if (rest.length > 0) s.inlinedBy = rest;
  return s;
}

function isAddressLine(line: string): boolean {
  if (!line.startsWith('0x') || line.length < 3 || line.length > 18) return false;
  for (let i = 2; i < line.length; i++) {
    const c = line.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export interface Addr2LineOptions {
  /** The addr2line executable (a path, or a name looked up on PATH). */
  tool: string;
  elf: string;
  /** Cached addresses kept at most (oldest dropped first). */
  maxCached?: number;
}

export class Addr2Line {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private readonly cache = new Map<number, SymbolInfo | null>();
  private readonly queue: Batch[] = [];
  private partial = '';
  /** The address whose frames are being read (null while skipping a sentinel's frames). */
  private current: { address: number; frames: Frame[]; fn: string | null } | null = null;
  private stamp = '';
  private stampAt = 0;
  private failure: Error | null = null;
  private readonly maxCached: number;
  /** Processes started so far (a restart after an ELF change counts). */
  starts = 0;

  constructor(private readonly opts: Addr2LineOptions) {
    this.maxCached = opts.maxCached ?? 1_000_000;
  }

  get elf(): string {
    return this.opts.elf;
  }

  /** The cached decode of `address` (undefined when not decoded yet). */
  cached(address: number): SymbolInfo | null | undefined {
    return this.cache.get(address);
  }

  /** Decode `addresses` (any order, repeats allowed); unknown addresses map to null. */
  async decode(addresses: Iterable<number>): Promise<Map<number, SymbolInfo | null>> {
    this.checkElf();
    const out = new Map<number, SymbolInfo | null>();
    const missing: number[] = [];
    for (const a of addresses) {
      if (out.has(a)) continue;
      const hit = this.cache.get(a);
      if (hit !== undefined || a === SENTINEL) out.set(a, hit ?? null);
      else {
        out.set(a, null);
        missing.push(a);
      }
    }
    if (missing.length === 0) return out;
    await this.request(missing);
    for (const a of missing) out.set(a, this.cache.get(a) ?? null);
    return out;
  }

  /** Stop the process (pending batches fail). */
  close(): void {
    this.stop(new Error('addr2line was closed'));
  }

  private checkElf(): void {
    const now = Date.now();
    if (now - this.stampAt < STAMP_EVERY_MS && this.stamp !== '') return;
    this.stampAt = now;
    let stamp: string;
    try {
      const s = statSync(this.opts.elf);
      stamp = `${s.mtimeMs}:${s.size}`;
    } catch {
      stamp = 'missing';
    }
    if (stamp === this.stamp) return;
    if (this.stamp !== '') {
      // Rebuilt: every cached line may have moved.
      this.stop(new Error('the ELF changed'));
      this.cache.clear();
    }
    this.stamp = stamp;
    this.failure = null;
  }

  private request(addresses: number[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((done, fail) => {
      const proc = this.proc ?? this.start();
      this.queue.push({ addresses, done, fail });
      let text = '';
      for (const a of addresses) text += `0x${a.toString(16)}\n`;
      proc.stdin.write(text + SENTINEL_TEXT);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const proc = spawn(this.opts.tool, ['-f', '-i', '-C', '-a', '-e', this.opts.elf], {
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.starts++;
    this.proc = proc;
    this.partial = '';
    this.current = null;
    let stderr = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => this.read(chunk));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    // EPIPE on a dead process is reported through 'exit'/'error' below.
    proc.stdin.on('error', () => undefined);
    proc.on('error', (e) => this.died(proc, e));
    proc.on('exit', (code, signal) => {
      const why = stderr.trim().split('\n')[0] || `exited with ${code ?? signal}`;
      this.died(proc, new Error(`${this.opts.tool}: ${why}`));
    });
    return proc;
  }

  private died(proc: ChildProcessWithoutNullStreams, e: Error): void {
    if (this.proc !== proc) return;
    this.proc = null;
    // A tool that cannot start (or rejects the ELF) fails every later request too, until the ELF changes.
    this.failure = e;
    for (const b of this.queue.splice(0)) b.fail(e);
  }

  private stop(e: Error): void {
    const proc = this.proc;
    this.proc = null;
    if (proc) {
      proc.stdin.end();
      proc.kill();
    }
    for (const b of this.queue.splice(0)) b.fail(e);
  }

  private read(chunk: string): void {
    const text = this.partial + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) break;
      this.line(text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl));
      from = nl + 1;
    }
    this.partial = text.slice(from);
  }

  private line(line: string): void {
    const cur = this.current;
    // An address echo only ever comes where a function line is expected.
    if ((cur === null || cur.fn === null) && isAddressLine(line)) {
      this.finishCurrent();
      const address = Number.parseInt(line.slice(2), 16);
      if (address === SENTINEL) {
        this.current = null;
        this.queue.shift()?.done();
      } else {
        this.current = { address, frames: [], fn: null };
      }
      return;
    }
    if (!cur) return;
    if (cur.fn === null) cur.fn = line;
    else {
      cur.frames.push({ function: cur.fn, ...location(line) });
      cur.fn = null;
    }
  }

  private finishCurrent(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(cur.address, toSymbol(cur.address, cur.frames));
  }
}
