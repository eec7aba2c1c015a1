/**
 * The simulator's side of the shared heap event stream (server/protocol/events.ts): the same kinds
 * the log parser emits for a real boot and run — `log` lines as ESP-IDF prints them, followed by
 * their `heapRegion` / `psramPool` event, `allocation` / `deallocation` with placement and charge,
 * `allocFailed`, and `heapInfo` snapshots — so the heap state model treats both alike.
 * `line` is the scenario step's ordinal (0 for boot), `time` the simulator's clock in ms.
 */
import type { HeapEvent, HeapInfoRegion, LogLevel } from '../protocol/events';
import type { Chip } from '../target/chips';
import { classifyAddress } from '../target/memoryMap';
import type { SimHeap } from './heap';

export class EventRecorder {
  readonly events: HeapEvent[] = [];
  line = 0;
  time = 0;

  constructor(private readonly chip: Chip) {}

  /** Advance the clock by one tick (one allocator call). */
  tick(): number {
    return ++this.time;
  }

  log(level: LogLevel, tag: string, message: string): void {
    this.events.push({
      kind: 'log',
      line: this.line,
      time: this.time,
      level,
      timestamp: this.time,
      tag,
      message,
    });
  }

  /** A raw `printf` line (no ESP_LOG prefix), as the parser keeps unrecognised text. */
  text(text: string): void {
    this.events.push({ kind: 'text', line: this.line, time: this.time, text });
  }

  heapRegion(address: number, length: number, label: string): void {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
    this.log(
      'I',
      'heap_init',
      `At ${hex(address)} len ${hex(length)} (${Math.floor(length / 1024)} KiB): ${label}`,
    );
    const place = classifyAddress(this.chip, address);
    this.events.push({
      kind: 'heapRegion',
      line: this.line,
      time: this.time,
      address,
      length,
      label,
      memory: place.memory,
      dma: place.dma,
    });
  }

  psramPool(bytes: number, tag: string, message: string): void {
    this.log('I', tag, message);
    this.events.push({ kind: 'psramPool', line: this.line, time: this.time, bytes });
  }

  allocation(a: {
    address: number;
    size: number;
    charged: number;
    heap: string;
    label: string;
    method: string;
  }): void {
    const place = classifyAddress(this.chip, a.address);
    this.events.push({
      kind: 'allocation',
      line: this.line,
      time: this.time,
      memory: place.memory,
      dma: place.dma,
      ...a,
    });
  }

  deallocation(address: number, size: number): void {
    const place = classifyAddress(this.chip, address);
    this.events.push({
      kind: 'deallocation',
      line: this.line,
      time: this.time,
      address,
      size,
      memory: place.memory,
    });
  }

  /** The PSRAM factory's `log_stats()` line and its `psramStats` event. */
  psramStats(message: string, stats: Record<string, number>): void {
    this.log('I', 'psram_lens', message);
    this.events.push({
      kind: 'psramStats',
      line: this.line,
      time: this.time,
      stats,
      source: 'psram_lens',
    });
  }

  allocFailed(size: number, caps: number, fn: string): void {
    this.events.push({
      kind: 'allocFailed',
      line: this.line,
      time: this.time,
      size,
      caps,
      function: fn,
      source: 'simulator',
    });
  }

  /** A `heap_caps_print_heap_info(caps)` block over `heaps` (the ones whose caps contain `caps`). */
  heapInfo(caps: number, heaps: readonly SimHeap[]): void {
    const regions: HeapInfoRegion[] = heaps.map((h) => {
      const info = h.info();
      const place = classifyAddress(this.chip, h.spec.address);
      return {
        address: h.spec.address,
        length: h.spec.length,
        ...info,
        memory: place.memory,
        dma: place.dma,
      };
    });
    const totals = {
      free: sum(regions, 'free'),
      allocated: sum(regions, 'allocated'),
      minFree: sum(regions, 'minFree'),
      largestFreeBlock: regions.reduce((m, r) => Math.max(m, r.largestFreeBlock), 0),
    };
    this.events.push({
      kind: 'heapInfo',
      line: this.line,
      time: this.time,
      caps,
      regions,
      totals,
      complete: true,
    });
  }
}

function sum(rows: readonly HeapInfoRegion[], key: 'free' | 'allocated' | 'minFree'): number {
  return rows.reduce((s, r) => s + r[key], 0);
}
