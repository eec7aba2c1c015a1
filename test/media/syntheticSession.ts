/**
 * A deterministic event stream of any length, shaped like a real ESP32-S3 session (the v5.4 boot
 * regions of the heap reference, an 8 MB PSRAM pool, make_shared allocations from the example
 * project's lines landing in internal RAM, factory allocations in PSRAM, frees, one failure).
 * Used where a recorded log is too short: the 100,000-row table tests and the bench.
 */
import type { HeapEvent, SymbolInfo } from '../../server/protocol/events';

const BUILD_ROOT = '/home/ci/work/webrtc-streamer';
const CALLERS: SymbolInfo[] = [
  { address: 0x42008a10, function: 'app_main', file: `${BUILD_ROOT}/main/main.cpp`, fileLine: 16 },
  {
    address: 0x42009b24,
    function: 'app::PeerConnection::addCandidate()',
    file: `${BUILD_ROOT}/main/peer_connection.cpp`,
    fileLine: 11,
  },
  {
    address: 0x4200a0c8,
    function: 'app::Track::fill()',
    file: `${BUILD_ROOT}/main/track.cpp`,
    fileLine: 20,
  },
  {
    address: 0x4200c3f0,
    function: 'rtc::Channel::send()',
    file: `${BUILD_ROOT}/components/rtc/src/channel.cpp`,
    fileLine: 7,
  },
];

/** xorshift32: reproducible sizes and choices without Math.random. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

export function bootEvents(): HeapEvent[] {
  return [
    {
      kind: 'heapRegion',
      line: 1,
      time: 250,
      address: 0x3fc94be8,
      length: 0x54b28,
      label: 'RAM',
      memory: 'internal',
      dma: true,
    },
    {
      kind: 'heapRegion',
      line: 2,
      time: 256,
      address: 0x3fce9710,
      length: 0x5724,
      label: 'RAM',
      memory: 'internal',
      dma: true,
    },
    {
      kind: 'heapRegion',
      line: 3,
      time: 262,
      address: 0x3fcf0000,
      length: 0x8000,
      label: 'DRAM',
      memory: 'internal',
      dma: true,
    },
    {
      kind: 'heapRegion',
      line: 4,
      time: 268,
      address: 0x600fe100,
      length: 0x1ee8,
      label: 'RTCRAM',
      memory: 'rtc',
    },
    { kind: 'psramPool', line: 5, time: 1017, bytes: 8192 * 1024 },
  ];
}

/**
 * `allocations` allocation events after boot; every 7th earlier block is freed; one allocation
 * failure a third of the way in. Device time advances 1 ms per event.
 */
export function syntheticSession(allocations: number, seed = 7): HeapEvent[] {
  const next = rng(seed);
  const events = bootEvents();
  let line = events.length;
  let time = 1100;
  let internalAt = 0x3fca0000;
  let psramAt = 0x3c100000;
  const live: { address: number; memory: 'internal' | 'psram' }[] = [];
  for (let i = 0; i < allocations; i++) {
    const caller = CALLERS[Math.floor(next() * CALLERS.length)];
    const viaFactory = next() < 0.6;
    const size = 16 + 4 * Math.floor(next() * 60);
    const memory = viaFactory ? 'psram' : 'internal';
    const address = viaFactory ? (psramAt += size + 8) : (internalAt += size + 8);
    events.push({
      kind: 'allocation',
      line: ++line,
      time: ++time,
      address,
      size,
      memory,
      caller,
      method: viaFactory ? 'psram factory' : 'make_shared',
    });
    live.push({ address, memory });
    if (i % 7 === 6) {
      // Swap-remove: O(1), the order of `live` does not matter.
      const at = Math.floor(next() * live.length);
      const victim = live[at];
      live[at] = live[live.length - 1];
      live.pop();
      events.push({ kind: 'deallocation', line: ++line, time: ++time, ...victim });
    }
    if (i === Math.floor(allocations / 3)) {
      events.push({
        kind: 'allocFailed',
        line: ++line,
        time: ++time,
        size: 32768,
        caps: 0x808,
        function: 'heap_caps_malloc',
        source: 'failedAllocCallback',
      });
    }
  }
  return events;
}
