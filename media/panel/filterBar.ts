/**
 * The table's filter controls (memory kind, live/freed, size range, text). Native form controls,
 * labelled, so they are reachable and usable from the keyboard and by screen readers.
 */
import type { MemoryKind } from '../../server/protocol/events';
import { el } from './dom';
import { MEMORY_LABELS } from './format';
import type { TableQuery } from './tableQuery';

const MEMORY_OPTIONS: (MemoryKind | 'all')[] = [
  'all',
  'internal',
  'psram',
  'iram',
  'rtc',
  'unknown',
];

function sizeValue(input: HTMLInputElement): number | null {
  const n = Number.parseInt(input.value, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function labelled(text: string, control: HTMLElement): HTMLElement {
  return el('label', {}, el('span', {}, text), control);
}

export type FilterFields = Pick<TableQuery, 'memory' | 'liveness' | 'minSize' | 'maxSize' | 'text'>;

export interface FilterBar {
  /** Shows the row count. */
  counter: HTMLElement;
  /** Puts values into the controls (without firing onChange), e.g. after filters were cleared. */
  show(f: FilterFields): void;
}

/** Builds the controls into `host`. */
export function buildFilterBar(
  host: HTMLElement,
  initial: FilterFields,
  onChange: (f: FilterFields) => void,
): FilterBar {
  const memory = el(
    'select',
    { id: 'f-memory' },
    ...MEMORY_OPTIONS.map((m) =>
      el('option', { value: m }, m === 'all' ? 'All memory' : MEMORY_LABELS[m]),
    ),
  );
  memory.value = initial.memory;
  const liveness = el(
    'select',
    { id: 'f-live' },
    el('option', { value: 'all' }, 'Live and freed'),
    el('option', { value: 'live' }, 'Live only'),
    el('option', { value: 'freed' }, 'Freed only'),
  );
  liveness.value = initial.liveness;
  const num = (id: string, v: number | null, placeholder: string) => {
    const i = el('input', { id, type: 'number', min: '0', step: '1', placeholder, class: 'size' });
    i.value = v === null ? '' : String(v);
    return i;
  };
  const minSize = num('f-min', initial.minSize, 'min');
  const maxSize = num('f-max', initial.maxSize, 'max');
  const text = el('input', {
    id: 'f-text',
    type: 'search',
    placeholder: 'caller, file, region, address',
  });
  text.value = initial.text;
  const counter = el('span', { class: 'counter', role: 'status', 'aria-live': 'polite' });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const emit = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      onChange({
        memory: memory.value as TableQuery['memory'],
        liveness: liveness.value as TableQuery['liveness'],
        minSize: sizeValue(minSize),
        maxSize: sizeValue(maxSize),
        text: text.value,
      });
    }, delay);
  };
  memory.addEventListener('change', () => emit(0));
  liveness.addEventListener('change', () => emit(0));
  for (const i of [minSize, maxSize]) i.addEventListener('input', () => emit(150));
  // Typing filters 100,000 rows: wait for a pause rather than re-filtering per keystroke.
  text.addEventListener('input', () => emit(120));

  host.replaceChildren(
    labelled('Memory', memory),
    labelled('State', liveness),
    labelled('Size ≥', minSize),
    labelled('≤', maxSize),
    labelled('Filter', text),
    counter,
  );
  const show = (f: FilterFields) => {
    memory.value = f.memory;
    liveness.value = f.liveness;
    minSize.value = f.minSize === null ? '' : String(f.minSize);
    maxSize.value = f.maxSize === null ? '' : String(f.maxSize);
    text.value = f.text;
  };
  return { counter, show };
}
