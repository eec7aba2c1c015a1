/**
 * The typed heap event stream: the one data flow of PSRAM Lens.
 *
 *   device text → streaming parser ─┐
 *                                   ├→ HeapEvent[] → heap state model → panel
 *   scenario    → simulator ────────┘
 *
 * Field names and meanings are fixed by the `parse-log` section of
 * docs/cli.md; extra fields are allowed. All numbers are plain
 * decimal JSON numbers. Both the log parser and the simulator emit these
 * exact types so that real and simulated runs are rendered and compared alike.
 */
import type { MemoryKind } from '../target/chips';

export type LogLevel = 'E' | 'W' | 'I' | 'D' | 'V';

/**
 * A "free heap" figure the device printed. `esp_get_free_heap_size()` (and the Wi-Fi blob's
 * `heap:` value, hello_world's "Minimum free heap size") count every MALLOC_CAP_DEFAULT heap,
 * which includes PSRAM once PSRAM is in the allocator: `includesPsram` says so, so such a number
 * is never presented as internal free memory.
 */
export interface FreeHeapFigure {
  bytes: number;
  measure: 'free' | 'minimumFree';
  includesPsram: boolean;
}

interface EventBase {
  /** 1-based input line where the event starts (for simulated runs: the step's ordinal). */
  line: number;
  /**
   * Device time in ms when known (the last ESP_LOG timestamp seen, or the simulator's clock).
   * Not part of the contract's required fields; the timeline chart uses it.
   */
  time?: number;
}

export interface LogEvent extends EventBase {
  kind: 'log';
  level: LogLevel;
  /** ms since boot, or the wall-clock string as printed (`00:02:13.045`). */
  timestamp: number | string;
  tag: string;
  message: string;
  /** Set when the message states a free-heap figure. */
  freeHeap?: FreeHeapFigure;
  /** Set for PSRAM boot lines (`esp_psram`, `spiram`, `quad_psram`, `octal_psram`). */
  psram?: PsramBootFact;
}

/** What one PSRAM boot line states. Sizes in bytes. */
export interface PsramBootFact {
  fact:
    | 'found'
    | 'speed'
    | 'mode'
    | 'cacheMode'
    | 'memoryTest'
    | 'pool'
    | 'reserve'
    | 'mapped'
    | 'chip'
    | 'modeRegister'
    | 'failed';
  bytes?: number;
  mhz?: number;
  ok?: boolean;
  /** The value as printed, for facts without a number (cache mode, chip name, register dump). */
  text?: string;
}

export interface HeapRegionEvent extends EventBase {
  kind: 'heapRegion';
  address: number;
  length: number;
  /** As printed: "DRAM", "D/IRAM", "IRAM", "RTCRAM", "RAM", ... */
  label: string;
  memory: MemoryKind;
  dma?: boolean;
}

export interface PsramPoolEvent extends EventBase {
  kind: 'psramPool';
  bytes: number;
}

export interface HeapInfoRegion {
  address: number;
  length: number;
  free: number;
  allocated: number;
  minFree: number;
  largestFreeBlock: number;
  allocBlocks: number;
  freeBlocks: number;
  totalBlocks: number;
  memory: MemoryKind;
  dma?: boolean;
}

export interface HeapTotals {
  free: number;
  allocated: number;
  minFree: number;
  largestFreeBlock: number;
}

export interface HeapInfoEvent extends EventBase {
  kind: 'heapInfo';
  caps: number;
  regions: HeapInfoRegion[];
  /** null when the block was cut off before its Totals. */
  totals: HeapTotals | null;
  complete: boolean;
}

export interface HeapTraceRecord {
  size: number;
  address: number;
  memory: MemoryKind;
  cpu: number;
  ccount: number;
  callers: number[];
  freedBy?: number[];
  /** Decoded callers (from monitor address-decode lines that follow the record), when present. */
  symbols?: SymbolInfo[];
  /** Decoded `freed by` frames, when the monitor printed them. */
  freedBySymbols?: SymbolInfo[];
  dma?: boolean;
  /** v5.5+ " freed" marker, or a `freed by` list: the block was freed (trace-all mode). */
  freed?: boolean;
  /** The placement label the dump printed (v5.1+: "Internal", "PSRAM"), when present. */
  label?: string;
  /** The allocation's source site: the first decoded frame outside the allocator (server/heap/callers.ts). */
  site?: SymbolInfo;
}

export interface HeapTraceEvent extends EventBase {
  kind: 'heapTrace';
  declaredRecords: number | null;
  capacity: number | null;
  records: HeapTraceRecord[];
  summary: Record<string, number | string> | null;
  complete: boolean;
}

export interface SymbolInfo {
  address: number;
  function: string;
  /** Source path as printed ("" for ROM functions). */
  file: string;
  /** 0 when addr2line printed `?` or the function is in ROM. */
  fileLine: number;
  /** Functions this one was inlined into (`(inlined by)` frames), innermost first. */
  inlinedBy?: { function: string; file: string; fileLine: number }[];
  rom?: boolean;
}

export interface SymbolEvent extends EventBase, SymbolInfo {
  kind: 'symbol';
  /** The device line this decode belongs to: the latest recent line that printed the address. */
  ofLine?: number;
}

export interface AllocFailedEvent extends EventBase {
  kind: 'allocFailed';
  size: number;
  caps: number | null;
  function: string | null;
  /** Which message form it came from, e.g. "failedAllocCallback", "memAllocFail", "wifiAllocEb". */
  source: string;
  /** malloc(0) failures that some ESP-IDF versions reported; harmless. */
  benign?: boolean;
  /** The message did not state a size (`Memory allocation failed`, `ESP_ERR_NO_MEM`): `size` is 0 then. */
  sizeUnknown?: boolean;
  /** Free-heap figure printed with the failure (Wi-Fi `heap:`), which includes PSRAM. */
  freeHeap?: FreeHeapFigure;
  /** Raw caller addresses the line printed (the factory's `alloc failed` line), innermost first. */
  callers?: number[];
  /** `callers` decoded against the application ELF. */
  frames?: SymbolInfo[];
  /** The first frame outside the allocator (server/heap/callers.ts). */
  site?: SymbolInfo;
  /**
   * The same failure, printed again (the app's `ESP_ERR_NO_MEM` after the failed-alloc callback,
   * or the abort's "Mem alloc fail" after the hook): the line of the first report. Counted once.
   */
  duplicateOf?: number;
}

export interface PsramStatsEvent extends EventBase {
  kind: 'psramStats';
  /** The numbers the line states, under clear names (e.g. operatorNewCalls, totalBytes, internalBytes, psramBytes). */
  stats: Record<string, number>;
  [extra: string]: unknown;
}

export interface AllocationEvent extends EventBase {
  kind: 'allocation';
  address: number;
  size: number;
  memory: MemoryKind;
  dma?: boolean;
  /** Bytes the heap charged (block + allocator overhead), when known (simulator). */
  charged?: number;
  /** sizeof(T) of the object a factory call made (its verbose line's `type_size=`). */
  objectSize?: number;
  /** Heap/region name when known. */
  heap?: string;
  /** Source-level origin: decoded symbol and/or workspace file:line, when known. */
  caller?: SymbolInfo;
  /** Free text that says what was allocated (simulator step label, `T` name). */
  label?: string;
  /** The allocation method that produced it (make_shared, psram factory, malloc, ...). */
  method?: string;
  /** Raw caller addresses the line printed (the factory's verbose line), innermost first. */
  callers?: number[];
  /** `callers` decoded against the application ELF, in the same order. */
  frames?: SymbolInfo[];
  /** The source site: the first frame outside the allocator (server/heap/callers.ts). */
  site?: SymbolInfo;
}

export interface DeallocationEvent extends EventBase {
  kind: 'deallocation';
  address: number;
  memory: MemoryKind;
  size?: number;
}

/** An unrecognised line, kept for context (optional in the contract). */
export interface TextEvent extends EventBase {
  kind: 'text';
  text: string;
  /** Set when the line states a free-heap figure (e.g. hello_world's "Minimum free heap size"). */
  freeHeap?: FreeHeapFigure;
  /** What a recognised line without an event kind of its own is ("corruptHeap", "abort", "heapDump", ...). */
  note?: string;
  /** The address that line names (e.g. the corrupt block), when it names one. */
  address?: number;
  memory?: MemoryKind;
  /** `heap_caps_dump` block lines: the block's size and whether it is free. */
  blockSize?: number;
  blockFree?: boolean;
  /** Program counters of a `Backtrace:` line (panic, abort, failed allocation), innermost first. */
  backtrace?: number[];
  /** `backtrace` decoded against the application ELF. */
  frames?: SymbolInfo[];
  /** The first backtrace frame outside the allocator and the panic handler. */
  site?: SymbolInfo;
}

export type HeapEvent =
  | LogEvent
  | HeapRegionEvent
  | PsramPoolEvent
  | HeapInfoEvent
  | HeapTraceEvent
  | SymbolEvent
  | AllocFailedEvent
  | PsramStatsEvent
  | AllocationEvent
  | DeallocationEvent
  | TextEvent;

export type HeapEventKind = HeapEvent['kind'];

/** The chip and memory-kind names the webview and the CLI's JSON use (defined in the target domain). */
export type { Chip, MemoryKind } from '../target/chips';
