/**
 * The summary: one row per memory kind (total, free, minimum free, largest free block, with a
 * bar of the used share), the reserve pool on its own line, and the model's warnings.
 */
import type {
  FailureMark,
  HeapSnapshot,
  KindSummary,
  SourceFrame,
} from '../../server/protocol/snapshot';
import { el } from './dom';
import { formatBytes, formatInt, shortLocation, SUMMARY_LABELS } from './format';

/** The newest failures listed under their warning (the chart marks them all). */
const FAILURES_LISTED = 3;

/** One failure on one line: size, caps, device time, and its source line as a link. */
function failureItem(f: FailureMark, open: (site: SourceFrame) => void): HTMLElement {
  const parts = [
    f.size > 0 ? `${formatInt(f.size)} B` : 'size not stated',
    f.capsText ? `caps ${f.capsText}` : 'caps not stated',
    f.time === null ? 'time unknown' : `at ${(f.time / 1000).toFixed(3)} s`,
  ];
  const item = el('li', { class: 'failure', 'data-line': String(f.line) }, parts.join(' · '));
  const site = f.site;
  if (site) {
    const link = el(
      'a',
      { href: '#', class: 'failure-site', title: `${site.file}:${site.line} (${site.function})` },
      shortLocation(site.file, site.line),
    );
    link.addEventListener('click', (e) => {
      e.preventDefault();
      open(site);
    });
    item.append(' · ', link);
  } else {
    item.append(` · log line ${formatInt(f.line)}`);
  }
  return item;
}

function bar(k: KindSummary): HTMLElement {
  const used = k.total > 0 ? Math.min(1, Math.max(0, (k.total - k.free) / k.total)) : 0;
  const fill = el('span', { class: 'bar-fill' });
  fill.style.width = `${(used * 100).toFixed(1)}%`;
  return el(
    'span',
    {
      class: 'bar',
      role: 'meter',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': (used * 100).toFixed(0),
      'aria-label': `${SUMMARY_LABELS[k.kind]} used`,
    },
    fill,
  );
}

function row(k: KindSummary): HTMLTableRowElement {
  const derived = k.source === 'derived' ? ' *' : '';
  return el(
    'tr',
    { 'data-kind': k.kind },
    el('th', { scope: 'row' }, SUMMARY_LABELS[k.kind] + derived),
    el('td', {}, formatBytes(k.total)),
    el('td', {}, formatBytes(k.free)),
    el('td', {}, formatBytes(k.minFree)),
    el('td', {}, formatBytes(k.largestFreeBlock)),
    el('td', { class: 'bar-cell' }, bar(k)),
  );
}

export function renderSummary(
  host: HTMLElement,
  s: HeapSnapshot,
  openSite: (site: SourceFrame) => void = () => undefined,
): void {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Memory'),
    el('th', { scope: 'col' }, 'Total'),
    el('th', { scope: 'col' }, 'Free'),
    el('th', { scope: 'col' }, 'Min free'),
    el('th', { scope: 'col' }, 'Largest block'),
    el('th', { scope: 'col' }, 'Used'),
  );
  const body = el('tbody', {}, ...s.summary.map(row));
  const table = el('table', { class: 'summary-table' }, el('thead', {}, head), body);
  // One compact line of facts above the table, so the allocations stay in view.
  const facts: string[] = [s.chip ? `Chip: ${s.chip}` : 'Chip: unknown'];
  facts.push(
    `Reserve pool (internal, for DMA/internal-only requests): ${
      s.reservePool === null ? 'not reported' : formatBytes(s.reservePool)
    }`,
  );
  if (s.summary.some((k) => k.source === 'derived')) {
    facts.push('* derived from tracked allocations, not reported');
  }
  const line = el('p', { class: 'facts muted' });
  facts.forEach((f, i) => {
    const span = el('span', i === 1 ? { class: 'reserve', 'data-testid': 'reserve-pool' } : {}, f);
    if (i === 0) span.className = 'chip';
    line.append(...(i > 0 ? [' · ', span] : [span]));
  });
  const parts: HTMLElement[] = [line];
  if (s.summary.length === 0) parts.push(el('p', { class: 'muted' }, 'No heap data yet.'));
  else parts.push(table);
  const warnings = el(
    'ul',
    { class: 'warnings', role: 'status', 'aria-live': 'polite' },
    ...s.warnings.map((w) => {
      const li = el('li', { 'data-code': w.code }, w.message);
      if (w.code === 'allocFailures') {
        const shown = s.failures.slice(-FAILURES_LISTED).map((f) => failureItem(f, openSite));
        const earlier = s.failures.length - shown.length;
        if (earlier > 0) {
          shown.unshift(el('li', { class: 'muted' }, `${formatInt(earlier)} earlier`));
        }
        li.append(el('ul', { class: 'failures' }, ...shown));
      }
      return li;
    }),
  );
  host.replaceChildren(...parts, warnings);
}
