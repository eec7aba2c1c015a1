/**
 * The Sites tab: allocation sites (source lines) of the session with what each holds, from the
 * snapshot's `sites` (server/heap/sites.ts). Sortable by any column (internal bytes descending by
 * default), a bar per row scaled to the largest value of the sorted column, a filter on the site's
 * file, line or function, and a click (or Enter) opens the line through the host's `openSource`.
 */
import type { SiteRow } from '../../server/protocol/snapshot';
import { formatBytes, formatInt } from './format';

export type SiteSort = 'internal' | 'peak' | 'psram' | 'live' | 'allocs' | 'failures' | 'site';

interface Column {
  id: SiteSort;
  title: string;
  value: (s: SiteRow) => number;
  text: (s: SiteRow) => string;
}

const psram = (s: SiteRow): number => s.memory.psram?.liveBytes ?? 0;

const COLUMNS: Column[] = [
  {
    id: 'internal',
    title: 'Internal',
    value: (s) => s.internalBytes,
    text: (s) => formatBytes(s.internalBytes),
  },
  {
    id: 'peak',
    title: 'Peak internal',
    value: (s) => s.internalPeakBytes,
    text: (s) => formatBytes(s.internalPeakBytes),
  },
  { id: 'psram', title: 'PSRAM', value: psram, text: (s) => formatBytes(psram(s)) },
  { id: 'live', title: 'Live', value: (s) => s.liveCount, text: (s) => formatInt(s.liveCount) },
  { id: 'allocs', title: 'Allocs', value: (s) => s.allocs, text: (s) => formatInt(s.allocs) },
  { id: 'failures', title: 'Fails', value: (s) => s.failures, text: (s) => formatInt(s.failures) },
];

/** Rows drawn at most (the rest are counted): the DOM stays small on sessions with many sites. */
const MAX_SHOWN = 500;

/** `main/app.cpp:42` from an absolute device path (the last two segments). */
export function shortSite(s: SiteRow): string {
  if (!s.file || s.fileLine <= 0) return s.key;
  const parts = s.file.split(/[\\/]/);
  return `${parts.slice(-2).join('/')}:${s.fileLine}`;
}

export function sortSites(
  sites: readonly SiteRow[],
  sort: SiteSort,
  descending: boolean,
): SiteRow[] {
  const col = COLUMNS.find((c) => c.id === sort);
  const dir = descending ? -1 : 1;
  return [...sites].sort((a, b) => {
    const d = col ? col.value(a) - col.value(b) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return d !== 0 ? d * dir : a.key < b.key ? -1 : 1;
  });
}

export function filterSites(sites: readonly SiteRow[], text: string): SiteRow[] {
  const t = text.trim().toLowerCase();
  if (!t) return [...sites];
  return sites.filter((s) => `${s.key} ${s.function ?? ''}`.toLowerCase().includes(t));
}

export class SitesView {
  private sites: readonly SiteRow[] = [];
  private sort: SiteSort = 'internal';
  private descending = true;
  private filter = '';
  private readonly body: HTMLElement;
  private readonly head: HTMLElement;
  private readonly counter: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly open: (s: SiteRow) => void,
  ) {
    root.replaceChildren();
    const bar = document.createElement('div');
    bar.className = 'filters';
    const input = document.createElement('input');
    input.type = 'search';
    input.placeholder = 'Filter sites (file, line, function)';
    input.setAttribute('aria-label', 'Filter sites');
    input.addEventListener('input', () => {
      this.filter = input.value;
      this.render();
    });
    this.counter = document.createElement('span');
    this.counter.className = 'muted';
    bar.append(input, this.counter);
    const table = document.createElement('table');
    table.className = 'sites-table';
    table.setAttribute('aria-label', 'Allocation sites');
    const thead = document.createElement('thead');
    this.head = document.createElement('tr');
    thead.append(this.head);
    this.body = document.createElement('tbody');
    table.append(thead, this.body);
    root.append(bar, table);
  }

  update(sites: readonly SiteRow[] | undefined): void {
    this.sites = sites ?? [];
    this.render();
  }

  /** The rows in display order (for tests). */
  shown(): SiteRow[] {
    return sortSites(filterSites(this.sites, this.filter), this.sort, this.descending);
  }

  private header(): void {
    const cells: HTMLElement[] = [];
    const add = (id: SiteSort, title: string) => {
      const th = document.createElement('th');
      th.scope = 'col';
      if (id === this.sort) {
        th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
      }
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = title;
      b.addEventListener('click', () => {
        this.descending = id === this.sort ? !this.descending : id !== 'site';
        this.sort = id;
        this.render();
      });
      th.append(b);
      cells.push(th);
    };
    add('site', 'Site');
    for (const c of COLUMNS) add(c.id, c.title);
    this.head.replaceChildren(...cells);
  }

  private render(): void {
    this.header();
    const rows = this.shown();
    const col = COLUMNS.find((c) => c.id === this.sort) ?? COLUMNS[0];
    const max = rows.reduce((m, s) => Math.max(m, col.value(s)), 0);
    const out: HTMLElement[] = [];
    for (const s of rows.slice(0, MAX_SHOWN)) {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.key = s.key;
      const site = document.createElement('th');
      site.scope = 'row';
      site.textContent = shortSite(s);
      site.title = [s.key, s.function ?? ''].filter(Boolean).join('\n');
      tr.append(site);
      for (const c of COLUMNS) {
        const td = document.createElement('td');
        td.textContent = c.text(s);
        if (c === col && max > 0) {
          const bar = document.createElement('span');
          bar.className = 'site-bar';
          // Width classes in 5 % steps: the CSP allows no inline styles.
          bar.dataset.w = String(Math.round((c.value(s) / max) * 20) * 5);
          td.prepend(bar);
        }
        tr.append(td);
      }
      if (s.file && s.fileLine > 0) {
        tr.classList.add('link');
        tr.addEventListener('click', () => this.open(s));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') this.open(s);
        });
      }
      out.push(tr);
    }
    this.body.replaceChildren(...out);
    const more = rows.length > MAX_SHOWN ? `, first ${MAX_SHOWN} shown` : '';
    this.counter.textContent = `${formatInt(rows.length)} of ${formatInt(this.sites.length)} sites${more}`;
  }
}
