/**
 * The heap panel webview: wires the host messages (server/protocol/webview.ts) to the summary,
 * the timeline chart, the allocation table and the simulator tab.
 */
import './panel.css';
import type { AllocationRow, HeapSnapshot, SiteRow } from '../../server/protocol/snapshot';
import type {
  HostMessage,
  MonitorStatus,
  PanelCommand,
  SessionInfo,
} from '../../server/protocol/webview';
import { AllocationTable } from './allocationTable';
import { byId } from './dom';
import { buildFilterBar } from './filterBar';
import { formatInt } from './format';
import { PanelModel } from './panelModel';
import { SimulatorView } from './simulatorView';
import { renderSummary } from './summaryView';
import { SitesView } from './sitesView';
import { setupTabs } from './tabs';
import { onThemeChange } from './theme';
import { TimelineChart } from './timelineChart';
import { DEFAULT_QUERY, type TableQuery } from './tableQuery';
import { connectHost, type UiState } from './vscodeApi';

const host = connectHost();
let ui = host.loadState();
const saveUi = (patch: Partial<UiState>) => {
  ui = { ...ui, ...patch };
  host.saveState(ui);
};

const model = new PanelModel();
const chart = new TimelineChart(byId('timeline'));
const openCaller = (r: AllocationRow) => {
  if (r.caller?.file) {
    host.post({ type: 'openSource', file: r.caller.file, line: r.caller.fileLine });
  }
};
const sites = new SitesView(byId('sites'), (s) => {
  if (s.file) host.post({ type: 'openSource', file: s.file, line: s.fileLine });
});
const setQuery = (q: TableQuery) => {
  saveUi({ query: q });
  table.setQuery(q);
  showCount();
};
const table = new AllocationTable(byId('alloc-grid'), model, ui.query, openCaller, setQuery);
const filters = buildFilterBar(byId('filters'), ui.query, (f) => setQuery({ ...ui.query, ...f }));
const sim = new SimulatorView(ui, saveUi, (slot, text, origin) =>
  host.post({ type: 'runScenario', slot, text, ...(origin === null ? {} : { origin }) }),
);
const setTab = setupTabs(ui.tab, (tab) => saveUi({ tab }));

// The chart folds away so the table keeps its rows at the panel's default height; unless the user
// chose, it starts open only when the view is tall enough for chart and rows both.
const CHART_ROOM_PX = 560;
const chartBox = byId<HTMLDetailsElement>('chart-box');
chartBox.open = ui.chartOpen ?? window.innerHeight >= CHART_ROOM_PX;
chartBox.addEventListener('toggle', () => saveUi({ chartOpen: chartBox.open }));

// The host validates the command name against its fixed list.
for (const button of document.querySelectorAll<HTMLElement>('[data-command]')) {
  const command = button.dataset.command as PanelCommand;
  button.addEventListener('click', () => host.post({ type: 'command', command }));
}

function showCount(): void {
  filters.counter.textContent = `${formatInt(table.length)} of ${formatInt(model.rows.length)} allocations`;
}

/** Runs `draw` at most once per frame however often it is asked for (batches come in bursts). */
function perFrame(draw: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  };
}

const showSnapshot = perFrame(() => {
  renderSummary(byId('summary'), model.snapshot, (f) =>
    host.post({ type: 'openSource', file: f.file, line: f.line }),
  );
  chart.update(model.snapshot);
  sites.update(model.snapshot.sites);
});

// Sites changed between snapshots: only the Sites view redraws.
const showSites = perFrame(() => sites.update(model.snapshot.sites));

/** Where the rows come from, said once (the status line says only how it is going). */
const SOURCE_LABEL: Record<SessionInfo['source'], string> = {
  none: '',
  monitor: 'Monitor:',
  follow: 'Following:',
  file: 'Log file:',
};

let session: SessionInfo = { source: 'none', label: '', id: 0 };

function showSession(next: SessionInfo): void {
  session = next;
  const none = session.source === 'none';
  // A log by its file name (the path is in the tooltip); a monitor by its command line.
  const shown = session.source === 'monitor' ? session.label : session.label.split(/[\\/]/).pop();
  const line = byId('session');
  line.textContent = none ? '' : `${SOURCE_LABEL[session.source]} ${shown ?? ''}`;
  line.title = none ? '' : session.label;
  showEmpty();
}

/** The start buttons are the empty panel's content only; the view's title bar has them always. */
function showEmpty(): void {
  byId('empty').hidden = session.source !== 'none' || model.rows.length > 0;
}

function showStatus(status: MonitorStatus): void {
  const s = byId('status');
  s.textContent = status.message;
  s.dataset.state = status.state;
}

/**
 * False until the first hydrate: a page being rebuilt can receive the live session's messages
 * before its own hydrate, which carries all they say; applied to no base they would show rows
 * beside the empty page's "Nothing received yet".
 */
let hydrated = false;
const SESSION_MESSAGES: ReadonlySet<HostMessage['type']> = new Set(['batch', 'reset', 'status']);

function handle(msg: HostMessage): void {
  if (!hydrated && SESSION_MESSAGES.has(msg.type)) return;
  switch (msg.type) {
    case 'hydrate':
      hydrated = true;
      model.replace(msg.snapshot, msg.rows, msg.seq);
      showSession(msg.session);
      showStatus(msg.status);
      table.rebuild();
      showSnapshot();
      sim.hydrate(msg.sim, ui);
      break;
    case 'batch': {
      const change = model.applyBatch(msg.snapshot, msg.added, msg.updated, msg.removed, msg.seq);
      table.applyBatch(change);
      if (msg.snapshot) showSnapshot();
      else if (msg.sites) {
        model.mergeSites(msg.sites);
        showSites();
      }
      host.post({ type: 'ack', seq: msg.seq, rows: model.rows.length });
      break;
    }
    case 'reset':
      model.replace(msg.snapshot, [], 0);
      showSession(msg.session);
      table.rebuild();
      showSnapshot();
      break;
    case 'status':
      showStatus(msg.status);
      return;
    case 'simResult':
      sim.showRun(msg.slot, msg.run);
      return;
    case 'simError':
      sim.showError(msg.slot, msg.message);
      return;
    case 'showTab':
      setTab(msg.tab);
      return;
    case 'revealRow':
      if (!table.reveal(msg.id)) {
        // The row is filtered out: clear the filters (visibly), keep the sort.
        const cleared = { ...DEFAULT_QUERY, sort: ui.query.sort, descending: ui.query.descending };
        filters.show(cleared);
        setQuery(cleared);
        table.reveal(msg.id);
      }
      setTab('live');
      return;
    default: {
      const unknown: never = msg;
      console.warn('psram-lens: unknown host message', unknown);
      return;
    }
  }
  showCount();
  showEmpty();
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => handle(e.data));
onThemeChange(() => {
  chart.rebuild();
  sim.rebuildCharts();
});

/**
 * Read-only view of what the page holds. The shipped bundle does not expose it; the browser tests
 * and the bench build test/media/probeEntry.ts, which does.
 */
export interface PanelProbe {
  rows(): readonly AllocationRow[];
  snapshot(): HeapSnapshot;
  visibleRows(): AllocationRow[];
  sites(): SiteRow[];
  chart(): TimelineChart;
  renderTable(): void;
}
export const probe: PanelProbe = {
  rows: () => model.rows,
  snapshot: () => model.snapshot,
  visibleRows: () => Array.from({ length: table.length }, (_, i) => table.rowAt(i)!),
  sites: () => sites.shown(),
  chart: () => chart,
  renderTable: () => table.render(),
};

host.post({ type: 'ready' });
