/** A recorded session for replay tests and the replay bench: `n` allocations over 50 source lines, every second one freed. */
import type { HeapEvent } from '../../../server/protocol/events';

export function syntheticReplaySession(n: number): HeapEvent[] {
  const events: HeapEvent[] = [];
  for (let i = 0; i < n; i++) {
    const line = 1 + (i % 50);
    const site = {
      address: 0x42000000 + line,
      function: `f${line}()`,
      file: '/p/main/app.cpp',
      fileLine: line,
    };
    const address = 0x3fc80000 + i * 16;
    events.push({
      kind: 'allocation',
      line: 2 * i,
      address,
      size: 24 + (i % 7) * 8,
      memory: 'internal',
      site,
    });
    if (i % 2 === 1) {
      events.push({
        kind: 'deallocation',
        line: 2 * i + 1,
        address: address - 16,
        memory: 'internal',
      });
    }
  }
  return events;
}
