/**
 * Human-readable rendering of a simulation result: the heaps after the run and one line per
 * label (the seed experiment's table), for `psram-lens simulate` without `--json` and the bench.
 */
import type { GroupSummary, HeapRow, SimulationResult } from './result';

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

/** A text column as wide as its longest cell (at least `min`), so long labels keep the columns aligned. */
function columnWidth(head: string, cells: readonly string[], min: number): number {
  return Math.max(min, head.length, ...cells.map((c) => c.length));
}

export function heapTable(heaps: readonly HeapRow[]): string {
  const w = columnWidth(
    'heap',
    heaps.map((h) => h.name),
    24,
  );
  const lines = [
    `${pad('heap', w)} ${pad('memory', 8)} ${pad('size', 9, true)} ${pad('free', 9, true)} ${pad('min free', 9, true)} ${pad('largest', 9, true)}`,
  ];
  for (const h of heaps) {
    lines.push(
      `${pad(h.name, w)} ${pad(h.memory, 8)} ${pad(h.size, 9, true)} ${pad(h.free, 9, true)} ${pad(h.minFree, 9, true)} ${pad(h.largestFreeBlock, 9, true)}`,
    );
  }
  return lines.join('\n');
}

export function groupTable(groups: readonly GroupSummary[]): string {
  const w = columnWidth(
    'label',
    groups.map((g) => g.label),
    28,
  );
  const lines = [
    `${pad('label', w)} ${pad('method', 16)} ${pad('objects', 8, true)} ${pad('requested', 10, true)} ${pad('internal B', 11, true)} ${pad('PSRAM B', 9, true)} ${pad('failed', 7, true)}`,
  ];
  for (const g of groups) {
    lines.push(
      `${pad(g.label, w)} ${pad(g.method, 16)} ${pad(g.objects, 8, true)} ${pad(g.requestedBytes, 10, true)} ${pad(g.internalBytes, 11, true)} ${pad(g.psramBytes, 9, true)} ${pad(g.failed, 7, true)}`,
    );
  }
  return lines.join('\n');
}

export function formatSummary(r: SimulationResult): string {
  const t = r.totals;
  return [
    `${r.scenario ?? 'scenario'}: ${r.chip}, ESP-IDF ${r.idfVersion}, PSRAM ${r.psramSize} B`,
    '',
    heapTable(r.heaps),
    '',
    groupTable(r.groups),
    '',
    `internal free ${t.internal.free} B (min ${t.internal.minFree}), PSRAM free ${t.psram.free} B, failed allocations ${r.failures}`,
    '',
  ].join('\n');
}
