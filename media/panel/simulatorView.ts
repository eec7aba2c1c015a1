/**
 * The simulator tab: pick or edit a scenario (project sdkconfig values as defaults), run it into
 * slot A or B, and compare the two runs side by side with the live view's summary and chart.
 */
import type { SimRun, SimSlot, SimState } from '../../server/protocol/webview';
import { byId, el } from './dom';
import { sharedScale } from './chartData';
import { formatBytes } from './format';
import { mergeDefaults } from './scenarioText';
import { renderSummary } from './summaryView';
import { TimelineChart } from './timelineChart';
import type { UiState } from './vscodeApi';
import { WhatIfForm } from './whatIfForm';

interface Column {
  title: HTMLElement;
  summary: HTMLElement;
  chart: TimelineChart;
  totals: HTMLElement;
}

export class SimulatorView {
  private state: SimState = {
    scenarios: [],
    defaults: { source: null, fields: {} },
    runs: {},
    chips: [],
  };
  private readonly select = byId<HTMLSelectElement>('sim-scenario');
  private readonly editor = byId<HTMLTextAreaElement>('sim-editor');
  private readonly message = byId('sim-message');
  private readonly defaultsNote = byId('sim-defaults');
  private readonly columns: Record<SimSlot, Column>;
  private readonly form: WhatIfForm;
  /** The listed scenario the editor's text came from (null: the form's, or typed). */
  private origin: string | null;

  constructor(
    ui: UiState,
    private readonly save: (patch: Partial<UiState>) => void,
    private readonly run: (slot: SimSlot, text: string, origin: string | null) => void,
  ) {
    this.origin = ui.scenarioOrigin;
    const column = (slot: SimSlot): Column => ({
      title: byId(`sim-title-${slot}`),
      summary: byId(`sim-summary-${slot}`),
      chart: new TimelineChart(byId(`sim-chart-${slot}`)),
      totals: byId(`sim-totals-${slot}`),
    });
    this.columns = { a: column('a'), b: column('b') };
    this.form = new WhatIfForm(
      (a, b) => {
        // The editor shows A's scenario, so an expert can take the what-if further by hand.
        this.editor.value = a;
        this.origin = null;
        this.save({ scenarioText: a, scenarioOrigin: null, lastRunSlot: 'b' });
        this.run('a', a, null);
        this.run('b', b, null);
      },
      (text, error) => this.say(text, error),
    );
    this.select.addEventListener('change', () => this.pick(Number(this.select.value)));
    this.editor.addEventListener('input', () => this.save({ scenarioText: this.editor.value }));
    byId('sim-apply-defaults').addEventListener('click', () => this.applyDefaults());
    for (const slot of ['a', 'b'] as const) {
      byId(`sim-run-${slot}`).addEventListener('click', () => {
        this.say(`Running into ${slot.toUpperCase()}…`, false);
        this.save({ lastRunSlot: slot });
        this.run(slot, this.editor.value, this.origin);
      });
    }
  }

  hydrate(state: SimState, ui: UiState): void {
    this.state = state;
    this.origin = ui.scenarioOrigin;
    this.form.hydrate(state);
    this.select.replaceChildren(
      ...state.scenarios.map((s, i) => el('option', { value: String(i), title: s.path }, s.name)),
    );
    const index = Math.min(ui.scenarioIndex, Math.max(0, state.scenarios.length - 1));
    this.select.value = String(index);
    const src = state.defaults.source;
    this.defaultsNote.textContent = src
      ? `Project defaults from ${src}: ${Object.keys(state.defaults.fields).join(', ')}`
      : 'No sdkconfig found in the workspace: scenarios keep their own values.';
    if (ui.scenarioText !== null) this.editor.value = ui.scenarioText;
    else this.pick(index);
    for (const slot of ['a', 'b'] as const) this.showRun(slot, state.runs[slot]);
  }

  showRun(slot: SimSlot, run: SimRun | undefined): void {
    if (run) this.state.runs[slot] = run;
    const c = this.columns[slot];
    c.title.textContent = run
      ? `${slot.toUpperCase()}: ${run.name}`
      : `${slot.toUpperCase()}: not run`;
    if (!run) {
      c.summary.replaceChildren();
      c.totals.replaceChildren();
      return;
    }
    renderSummary(c.summary, run.snapshot);
    c.chart.update(run.snapshot);
    c.totals.replaceChildren(
      ...Object.entries(run.totals).map(([k, v]) =>
        el('li', { 'data-kind': k }, `${k}: ${formatBytes(v)}`),
      ),
    );
    this.shareScale();
    this.compare();
    this.say(`Ran ${run.name} into ${slot.toUpperCase()}.`, false);
  }

  showError(slot: SimSlot, message: string): void {
    this.say(`${slot.toUpperCase()}: ${message}`, true);
  }

  /** Chart colours follow the theme. */
  rebuildCharts(): void {
    for (const slot of ['a', 'b'] as const) this.columns[slot].chart.rebuild();
  }

  /** A and B on one scale, so the same bytes draw at the same height in both. */
  private shareScale(): void {
    const ran = (['a', 'b'] as const).filter((slot) => this.state.runs[slot]);
    const scale = sharedScale(ran.map((slot) => this.columns[slot].chart.naturalScale));
    for (const slot of ran) this.columns[slot].chart.setScale(scale);
  }

  private compare(): void {
    const { a, b } = this.state.runs;
    const out = byId('sim-compare');
    if (!a || !b) {
      out.textContent = '';
      return;
    }
    const internal = (r: SimRun) => r.totals.internal ?? 0;
    const psram = (r: SimRun) => r.totals.psram ?? 0;
    out.textContent =
      `Internal RAM: A ${formatBytes(internal(a))} vs B ${formatBytes(internal(b))} ` +
      `(${formatBytes(internal(b) - internal(a))}); PSRAM: A ${formatBytes(psram(a))} vs B ${formatBytes(psram(b))}.`;
  }

  private pick(index: number): void {
    const s = this.state.scenarios[index];
    if (!s) return;
    const merged = mergeDefaults(s.text, this.state.defaults.fields, 'fillMissing');
    this.editor.value = 'text' in merged ? merged.text : s.text;
    this.origin = s.path;
    this.save({ scenarioIndex: index, scenarioText: this.editor.value, scenarioOrigin: s.path });
  }

  private applyDefaults(): void {
    const merged = mergeDefaults(this.editor.value, this.state.defaults.fields, 'override');
    if ('error' in merged) {
      this.say(merged.error, true);
      return;
    }
    this.editor.value = merged.text;
    this.save({ scenarioText: merged.text });
    this.say('Applied the project sdkconfig values.', false);
  }

  private say(text: string, error: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }
}
