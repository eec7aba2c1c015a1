/** An ARIA tab list (Left/Right/Home/End move between tabs, as the WAI-ARIA pattern specifies). */
import type { TabId } from './vscodeApi';

export function setupTabs(initial: TabId, onSelect: (tab: TabId) => void): (tab: TabId) => void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const select = (id: TabId) => {
    for (const t of tabs) {
      const on = t.dataset.tab === id;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !on;
    }
    onSelect(id);
  };
  for (const [i, t] of tabs.entries()) {
    t.addEventListener('click', () => select(t.dataset.tab as TabId));
    t.addEventListener('keydown', (e) => {
      const next =
        e.key === 'ArrowRight'
          ? i + 1
          : e.key === 'ArrowLeft'
            ? i - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? tabs.length - 1
                : null;
      if (next === null) return;
      e.preventDefault();
      const to = tabs[(next + tabs.length) % tabs.length];
      to.focus();
      select(to.dataset.tab as TabId);
    });
  }
  select(initial);
  return select;
}
