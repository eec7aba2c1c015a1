/**
 * The Simulator's what-if form on screen: type (from the project's findings, or a custom size),
 * object count, chip, threshold and PSRAM size, prefilled from the project's sdkconfig; Compare
 * runs std::make_shared into A and the PSRAM factory into B. The JSON editor stays for experts.
 */
import type { SimState } from '../../server/protocol/webview';
import { byId, el } from './dom';
import { checkWhatIf, PSRAM_SIZES, whatIfScenarios, type WhatIf } from './whatIf';

const CUSTOM = 'custom';
const MIB = 1024 * 1024;

export class WhatIfForm {
  private state: SimState | null = null;
  private readonly type = byId<HTMLSelectElement>('wi-type');
  private readonly size = byId<HTMLInputElement>('wi-size');
  private readonly count = byId<HTMLInputElement>('wi-count');
  private readonly chip = byId<HTMLSelectElement>('wi-chip');
  private readonly threshold = byId<HTMLInputElement>('wi-threshold');
  private readonly psram = byId<HTMLSelectElement>('wi-psram');
  constructor(
    private readonly compare: (a: string, b: string) => void,
    private readonly say: (text: string, error: boolean) => void,
  ) {
    this.psram.replaceChildren(...PSRAM_SIZES.map((p) => el('option', { value: p }, p)));
    this.type.addEventListener('change', () => this.pickType());
    byId<HTMLFormElement>('what-if').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  /** Prefills from the project: its chip, threshold and PSRAM size, and the types it allocates. */
  hydrate(state: SimState): void {
    this.state = state;
    this.chip.replaceChildren(...state.chips.map((c) => el('option', { value: c }, c)));
    const types = state.types ?? [];
    this.type.replaceChildren(
      ...types.map((t, i) =>
        el('option', { value: String(i), title: t.site }, `${t.name} (${t.size} B, ${t.site})`),
      ),
      el('option', { value: CUSTOM }, 'Custom size'),
    );
    this.pickType();
    const f = state.defaults.fields;
    const sdk = (f.sdkconfig ?? {}) as Record<string, unknown>;
    this.chip.value = typeof f.chip === 'string' ? f.chip : 'esp32s3';
    const t = sdk.CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL;
    this.threshold.value = String(typeof t === 'number' ? t : 16384);
    const psram = typeof f.psramSize === 'number' ? `${Math.round(f.psramSize / MIB)}MB` : '8MB';
    this.psram.value = (PSRAM_SIZES as readonly string[]).includes(psram) ? psram : '8MB';
  }

  private pickType(): void {
    const t = this.state?.types?.[Number(this.type.value)];
    this.size.disabled = t !== undefined;
    if (t) this.size.value = String(t.size);
    else if (!this.size.value) this.size.value = '96';
  }

  private submit(): void {
    const t = this.state?.types?.[Number(this.type.value)];
    const size = Number(this.size.value);
    const w: WhatIf = {
      chip: this.chip.value,
      typeName: t?.name ?? `${size} B object`,
      size,
      align: t?.align ?? 4,
      count: Number(this.count.value),
      threshold: Number(this.threshold.value),
      psramSize: this.psram.value,
    };
    const problem = checkWhatIf(w);
    this.say(problem ?? 'Running A and B…', problem !== null);
    if (problem) return;
    const { a, b } = whatIfScenarios(w);
    this.compare(a, b);
  }
}
