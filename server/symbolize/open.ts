/**
 * Sets up symbolization for one session: the ELF (given, or from the project's
 * `build/project_description.json`), the addr2line that decodes it, and the event annotator.
 * Without an ELF or a tool it says so once (when the first addresses stay undecoded) and falls
 * back to the monitor's decode lines.
 */
import type { Chip } from '../target/chips';
import type { SiteOptions } from '../heap/callers';
import { Addr2Line } from './addr2line';
import { EventSymbolizer } from './annotate';
import { findAddr2line, findProjectElf, isFile } from './toolchain';

export interface SymbolizeOptions extends SiteOptions {
  /** The application ELF; else found from `project`. */
  elf?: string | null;
  /** The addr2line to run; else discovered (toolchain.ts). */
  addr2line?: string | null;
  /** A folder in (or above) the ESP-IDF project, to find the ELF and the toolchain. */
  project?: string | null;
  chip?: Chip | null;
  onNotice?: (message: string) => void;
}

export interface OpenSymbolizer {
  symbolizer: EventSymbolizer;
  /** The process, when one will run (its `starts` counts restarts). */
  addr2line: Addr2Line | null;
  close(): void;
}

export function openSymbolizer(opts: SymbolizeOptions): OpenSymbolizer {
  let unavailable: string | undefined;
  const notice = (m: string): void => {
    unavailable = m;
  };
  const description = opts.project ? findProjectElf(opts.project) : null;
  const elf = opts.elf ?? description?.elf ?? null;
  let addr2line: Addr2Line | null = null;
  if (!elf) {
    notice(
      'no application ELF (give --elf, or build the project: build/project_description.json names it); ' +
        'addresses are decoded only where the monitor printed decode lines',
    );
  } else if (!isFile(elf)) {
    notice(
      `${elf}: no such ELF; addresses are decoded only where the monitor printed decode lines`,
    );
  } else {
    const found = findAddr2line({
      explicit: opts.addr2line ?? null,
      description,
      target: opts.chip ?? description?.target ?? null,
    });
    if (found.tool) addr2line = new Addr2Line({ tool: found.tool, elf });
    else {
      notice(
        `no addr2line found (tried ${found.tried}); addresses are decoded only where the monitor printed decode lines`,
      );
    }
  }
  const symbolizer = new EventSymbolizer(addr2line, {
    factoryNamespaces: opts.factoryNamespaces,
    onNotice: opts.onNotice,
    unavailable,
  });
  return { symbolizer, addr2line, close: () => addr2line?.close() };
}
