/**
 * `psram-lens parse-log [FILE|-] --json [--chip CHIP] [--sdkconfig FILE] [--follow]
 * [--elf APP.elf] [--addr2line PATH]`: parse a captured `idf.py monitor` log into the typed heap
 * events of the contract. `--json` streams one JSON document (events as they are parsed, so memory
 * stays flat on huge logs); `--follow` tails a growing file and prints one event per line (NDJSON)
 * until SIGINT; without either, a summary with the top allocation sites. Code addresses are
 * decoded against the ELF (given, or named by the project's build/project_description.json).
 */
import { Option, type Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type HeapEvent, type HeapTraceRecord } from '../protocol/events';
import { CHIPS, type Chip } from '../target/chips';
import { HeapModel } from '../heap/model';
import { followFile } from '../logparse/follow';
import { LogStreamParser, type ParserOutput } from '../logparse/parser';
import { parseSdkconfig, psramConfigFrom } from '../project/sdkconfig';
import { describeError } from '../errors';
import { CliError } from './errors';
import { openSymbolizer, type OpenSymbolizer } from '../symbolize/open';
import { sitesTable } from './sitesTable';

interface ParseLogOptions {
  json?: boolean;
  chip?: Chip;
  sdkconfig?: string;
  follow?: boolean;
  text?: boolean;
  elf?: string;
  addr2line?: string;
}

export function registerParseLog(program: Command): void {
  program
    .command('parse-log')
    .description('Parse ESP-IDF serial monitor output into typed heap events')
    .argument('[file]', 'captured monitor log, or - for stdin', '-')
    .option('--json', 'print one JSON document {version, chip, lines, events}')
    .addOption(
      new Option('--chip <chip>', 'the chip (else from --sdkconfig, else detected)').choices(CHIPS),
    )
    .option('--sdkconfig <file>', "the project's sdkconfig: its CONFIG_IDF_TARGET names the chip")
    .option('--follow', 'tail a growing file; print events as NDJSON until interrupted')
    .option('--no-text', 'leave out unrecognised lines (kind "text")')
    .option(
      '--elf <file>',
      'application ELF to decode addresses (default: from build/project_description.json)',
    )
    .option(
      '--addr2line <path>',
      "the toolchain's addr2line (default: found from the ESP-IDF tools)",
    )
    .action(async (file: string, opts: ParseLogOptions) => {
      const chip = opts.chip ?? (opts.sdkconfig ? await chipFromSdkconfig(opts.sdkconfig) : null);
      const keep = (e: HeapEvent): boolean => opts.text !== false || e.kind !== 'text';
      const sym = symbolizerFor(opts, chip);
      try {
        if (opts.follow) await follow(file, chip, keep, sym);
        else await parseOnce(file, chip, keep, opts.json === true, sym);
      } finally {
        sym.close();
      }
    });
}

/** The session's symbolizer: `--elf`, else the project around the current directory. */
export function symbolizerFor(
  opts: { elf?: string; addr2line?: string; project?: string },
  chip: Chip | null,
): OpenSymbolizer {
  return openSymbolizer({
    elf: opts.elf ?? null,
    addr2line: opts.addr2line ?? null,
    project: opts.elf ? null : (opts.project ?? process.cwd()),
    chip,
    onNotice: (m) => process.stderr.write(`psram-lens: ${m}\n`),
  });
}

/** Decodes the code addresses of a parsed log's events in place, with the session's symbolizer. */
export async function annotateEvents(
  opts: Parameters<typeof symbolizerFor>[0],
  chip: Chip | null,
  events: HeapEvent[],
): Promise<void> {
  const sym = symbolizerFor(opts, chip);
  try {
    await sym.symbolizer.annotate(events);
  } finally {
    sym.close();
  }
}

async function chipFromSdkconfig(path: string): Promise<Chip | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(describeError(e));
  }
  return psramConfigFrom(parseSdkconfig(text).values).target;
}

function input(file: string): NodeJS.ReadableStream {
  return file === '-' ? process.stdin : createReadStream(file);
}

async function readAll(
  file: string,
  parser: LogStreamParser,
  sym: OpenSymbolizer,
  onEvents: (events: HeapEvent[]) => void,
): Promise<void> {
  await readParts(file, parser, sym, (parts) => onEvents(parts as HeapEvent[]));
}

/** As readAll, with streamed heap-trace record chunks (the parser's `streamTraceRecords`). */
async function readParts(
  file: string,
  parser: LogStreamParser,
  sym: OpenSymbolizer,
  onParts: (parts: ParserOutput[]) => void,
): Promise<void> {
  const decoded = async (parts: ParserOutput[]): Promise<ParserOutput[]> => {
    // Streamed records are decoded like a dump's: as a trace event of their own.
    const asEvents = parts.map((p): HeapEvent =>
      p.kind === 'heapTraceRecords' ? traceOf(p.records) : p,
    );
    await sym.symbolizer.annotate(asEvents);
    return parts;
  };
  try {
    for await (const chunk of input(file)) {
      onParts(await decoded(parser.pushParts(chunk as Buffer)));
    }
  } catch (e) {
    throw new CliError(describeError(withPath(e, file)));
  }
  onParts(await decoded(parser.endParts()));
}

function traceOf(records: HeapTraceRecord[]): HeapEvent {
  return {
    kind: 'heapTrace',
    line: 0,
    declaredRecords: null,
    capacity: null,
    records,
    summary: null,
    complete: false,
  };
}

/** Stream errors carry an errno code but no path; name the file the user gave. */
function withPath(e: unknown, file: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof Error && err.code && !err.path) err.path = file === '-' ? 'stdin' : file;
  return err;
}

function write(text: string): void {
  process.stdout.write(text);
}

async function parseOnce(
  file: string,
  chip: Chip | null,
  keep: (e: HeapEvent) => boolean,
  json: boolean,
  sym: OpenSymbolizer,
): Promise<void> {
  if (!json) {
    const parser = new LogStreamParser({ chip });
    const model = new HeapModel({ chip });
    const counts = new Map<string, number>();
    await readAll(file, parser, sym, (events) => {
      for (const e of events) {
        counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
        model.apply(e);
      }
    });
    model.setChip(parser.chip);
    write(summaryText(parser, counts, model));
    return;
  }
  // Streamed: the header is written only once the input opened, so an unreadable file prints
  // nothing on stdout; `chip` and `lines` are known at the end and written last. A heap-trace
  // dump's records are written as they are read (the parser hands them out early), then the rest
  // of its event: the document is the same, but 500,000 records are never held at once.
  const streaming = new LogStreamParser({ chip, streamTraceRecords: true });
  let first = true;
  let started = false;
  /** The line of the dump whose `records` array is open in the output, and whether it has one. */
  let open: { line: number; empty: boolean } | null = null;
  const records = (list: readonly HeapTraceRecord[]): string => {
    let s = '';
    for (const r of list) {
      s += (open?.empty ? '' : ',') + JSON.stringify(r);
      if (open) open.empty = false;
    }
    return s;
  };
  await readParts(file, streaming, sym, (parts) => {
    if (!started) {
      write('{"version":1,"events":[');
      started = true;
    }
    let out = '';
    for (const p of parts) {
      if (p.kind === 'heapTraceRecords') {
        if (!open) {
          out += `${first ? '' : ','}{"kind":"heapTrace","line":${p.line},"records":[`;
          first = false;
          open = { line: p.line, empty: true };
        }
        out += records(p.records);
        continue;
      }
      if (p.kind === 'heapTrace' && open?.line === p.line) {
        const { kind: _k, line: _l, records: rest, ...fields } = p;
        out += `${records(rest)}]`;
        const tail = JSON.stringify(fields);
        out += tail === '{}' ? '}' : `,${tail.slice(1)}`;
        open = null;
        continue;
      }
      if (!keep(p)) continue;
      out += (first ? '' : ',') + JSON.stringify(p);
      first = false;
    }
    if (out) write(out);
  });
  write(
    `${started ? '' : '{"version":1,"events":['}],"chip":${JSON.stringify(streaming.chip)},"lines":${streaming.lines}}\n`,
  );
}

function summaryText(p: LogStreamParser, counts: Map<string, number>, model: HeapModel): string {
  const s = model.snapshot();
  const lines = [`chip: ${p.chip ?? 'unknown'}`, `lines: ${p.lines}`];
  lines.push(`events: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  for (const k of s.summary) {
    lines.push(`${k.kind}: ${k.free} free of ${k.total} (min ${k.minFree}, ${k.source})`);
  }
  for (const w of s.warnings) lines.push(`warning: ${w.message}`);
  if (s.sites && s.sites.length > 0) {
    lines.push('top allocation sites:', ...sitesTable(s.sites, 10));
  }
  return `${lines.join('\n')}\n`;
}

async function follow(
  file: string,
  chip: Chip | null,
  keep: (e: HeapEvent) => boolean,
  sym: OpenSymbolizer,
): Promise<void> {
  const print = (events: HeapEvent[]): void => {
    const kept = events.filter(keep);
    if (kept.length > 0) write(kept.map((e) => JSON.stringify(e)).join('\n') + '\n');
  };
  if (file === '-') {
    await readAll(file, new LogStreamParser({ chip }), sym, print);
    return;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await followFile(file, {
      chip,
      signal: stop.signal,
      onEvents: async (events) => {
        await sym.symbolizer.annotate(events);
        print(events);
      },
      onNotice: (m) => process.stderr.write(`psram-lens: ${m}\n`),
    });
  } catch (e) {
    throw new CliError(describeError(withPath(e, file)));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
