/**
 * The allocation table: a keyboard-navigable ARIA grid that renders only the rows in view (a pool
 * of absolutely positioned row elements over a spacer as tall as all rows), so 100,000 rows
 * scroll as smoothly as 100. Filtering/sorting is tableQuery.ts; this file maps it to the screen.
 */
import type { AllocationRow } from '../../server/protocol/snapshot';
import { el } from './dom';
import { formatAddress, formatInt, MEMORY_LABELS, shortLocation } from './format';
import type { BatchChange, PanelModel } from './panelModel';
import { extendView, queryRows, type SortKey, type TableQuery } from './tableQuery';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'address', label: 'Address' },
  { key: 'size', label: 'Size' },
  { key: 'memory', label: 'Memory' },
  { key: 'region', label: 'Region' },
  { key: 'caller', label: 'Caller' },
  { key: 'live', label: 'State' },
];

interface PooledRow {
  element: HTMLElement;
  cells: HTMLElement[];
  /** The caller cell's link (function + location) and its plain-text alternative. */
  link: HTMLAnchorElement;
  fn: Text;
  loc: HTMLElement;
  plain: Text;
  /** Index into the view the element shows, and the data it was drawn from (skip no-op redraws). */
  shown: number;
  drawn: AllocationRow | null;
}

export class AllocationTable {
  private view: number[] = [];
  private active = -1;
  private readonly pool: PooledRow[] = [];
  private readonly head: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private framePending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly model: PanelModel,
    private query: TableQuery,
    private readonly onOpenCaller: (row: AllocationRow) => void,
    private readonly onSort: (q: TableQuery) => void,
  ) {
    this.head = el('div', { class: 'grid-row grid-head', role: 'row', 'aria-rowindex': '1' });
    for (const c of COLUMNS) {
      const button = el('button', { type: 'button', 'data-sort': c.key }, c.label);
      button.addEventListener('click', () => this.toggleSort(c.key));
      this.head.append(el('div', { role: 'columnheader', class: `col-${c.key}` }, button));
    }
    this.spacer = el('div', { class: 'grid-spacer' });
    this.viewport = el('div', { class: 'grid-viewport', role: 'rowgroup' }, this.spacer);
    root.replaceChildren(el('div', { role: 'rowgroup' }, this.head), this.viewport);
    root.setAttribute('role', 'grid');
    root.setAttribute('aria-colcount', String(COLUMNS.length));
    root.tabIndex = 0;
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
    root.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => this.onClick(e));
    this.markSort();
  }

  /** Number of rows that pass the filter. */
  get length(): number {
    return this.view.length;
  }

  /** Row data in display order (for tests and the row counter). */
  rowAt(viewIndex: number): AllocationRow | undefined {
    const i = this.view[viewIndex];
    return i === undefined ? undefined : this.model.rows[i];
  }

  setQuery(q: TableQuery): void {
    this.query = q;
    this.markSort();
    this.rebuild();
  }

  /** Full recompute (hydrate, filter change). */
  rebuild(): void {
    const activeRow = this.rowAt(this.active);
    this.view = queryRows(this.model.rows, this.query);
    this.active = activeRow ? this.findView(activeRow.id) : -1;
    this.redrawAll();
  }

  /** Incremental update after a batch: new rows are merged into the current order. */
  applyBatch(change: BatchChange): void {
    if (change.removed || (change.livenessChanged && this.query.liveness !== 'all')) {
      this.rebuild();
      return;
    }
    extendView(this.view, this.model.rows, change.addedFrom, this.query);
    this.redrawAll();
  }

  /** Selects and scrolls to the row with this id (clearing filters is the caller's choice). */
  reveal(id: number): boolean {
    const v = this.findView(id);
    if (v < 0) return false;
    this.setActive(v);
    this.root.focus();
    return true;
  }

  private findView(id: number): number {
    const at = this.model.indexOf(id);
    return at === undefined ? -1 : this.view.indexOf(at);
  }

  private redrawAll(): void {
    for (const p of this.pool) p.drawn = null;
    this.spacer.style.height = `${this.view.length * ROW_HEIGHT}px`;
    this.root.setAttribute('aria-rowcount', String(this.view.length + 1));
    this.schedule();
  }

  private schedule(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      this.render();
    });
  }

  /** Draws the rows in view; synchronous so the bench can time it. */
  render(): void {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || ROW_HEIGHT * 10;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.view.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const needed = last - first;
    while (this.pool.length < needed) this.pool.push(this.makeRow());
    for (let k = 0; k < this.pool.length; k++) {
      const p = this.pool[k];
      const v = first + k;
      if (k >= needed) {
        p.element.hidden = true;
        p.shown = -1;
        continue;
      }
      p.element.hidden = false;
      this.draw(p, v);
    }
  }

  private makeRow(): PooledRow {
    const cells = COLUMNS.map((c) => el('div', { role: 'gridcell', class: `col-${c.key}` }));
    const fn = document.createTextNode('');
    const loc = el('span', { class: 'loc' });
    const link = el('a', { href: '#', class: 'caller', tabindex: '-1' }, fn, loc);
    const plain = document.createTextNode('');
    cells[4].append(link, plain);
    const element = el('div', { class: 'grid-row', role: 'row' }, ...cells);
    this.viewport.append(element);
    return { element, cells, link, fn, loc, plain, shown: -1, drawn: null };
  }

  private draw(p: PooledRow, v: number): void {
    const r = this.model.rows[this.view[v]];
    const isActive = v === this.active;
    p.element.classList.toggle('active', isActive);
    p.element.setAttribute('aria-selected', String(isActive));
    if (p.shown === v && p.drawn === r) return;
    p.shown = v;
    p.drawn = r;
    p.element.style.transform = `translateY(${v * ROW_HEIGHT}px)`;
    p.element.id = `row-${r.id}`;
    p.element.dataset.view = String(v);
    p.element.setAttribute('aria-rowindex', String(v + 2));
    p.element.classList.toggle('freed', !r.live);
    const [address, size, memory, region, , state] = p.cells;
    address.textContent = formatAddress(r.address);
    size.textContent = formatInt(r.size);
    memory.textContent = MEMORY_LABELS[r.memory];
    memory.dataset.memory = r.memory;
    region.textContent = r.region ?? '';
    this.drawCaller(p, r);
    state.textContent = r.live ? 'live' : 'freed';
  }

  /** Updates text nodes in place: rebuilding elements per row and frame costs frames. */
  private drawCaller(p: PooledRow, r: AllocationRow): void {
    const c = r.caller;
    const linked = Boolean(c?.file);
    p.link.hidden = !linked;
    if (c && linked) {
      p.fn.data = `${c.function || '?'} `;
      p.loc.textContent = shortLocation(c.file, c.fileLine);
      p.link.title = `${c.file}:${c.fileLine}`;
      p.plain.data = '';
    } else {
      p.plain.data = c?.function || r.label || '';
    }
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('.grid-row');
    if (!rowEl?.dataset.view) return;
    const v = Number(rowEl.dataset.view);
    this.setActive(v);
    if (target.closest('a.caller')) {
      e.preventDefault();
      const r = this.rowAt(v);
      if (r) this.onOpenCaller(r);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.min(
        this.view.length - 1,
        Math.max(0, (this.active < 0 ? -1 : this.active) + moves[e.key]),
      );
      this.setActive(Number.isFinite(next) ? next : 0);
    } else if (e.key === 'Enter') {
      const r = this.rowAt(this.active);
      if (r?.caller?.file) {
        e.preventDefault();
        this.onOpenCaller(r);
      }
    }
  }

  private setActive(v: number): void {
    this.active = v;
    const r = this.rowAt(v);
    if (r) this.root.setAttribute('aria-activedescendant', `row-${r.id}`);
    const top = v * ROW_HEIGHT;
    const vp = this.viewport;
    if (top < vp.scrollTop) vp.scrollTop = top;
    else if (top + ROW_HEIGHT > vp.scrollTop + vp.clientHeight) {
      vp.scrollTop = top + ROW_HEIGHT - vp.clientHeight;
    }
    this.render();
  }

  private toggleSort(key: SortKey): void {
    const descending = this.query.sort === key ? !this.query.descending : false;
    this.onSort({ ...this.query, sort: key, descending });
  }

  private markSort(): void {
    for (const h of this.head.querySelectorAll<HTMLElement>('[role=columnheader]')) {
      const key = h.querySelector('button')?.dataset.sort;
      const sorted = key === this.query.sort;
      h.setAttribute(
        'aria-sort',
        sorted ? (this.query.descending ? 'descending' : 'ascending') : 'none',
      );
    }
  }
}
