/**
 * The Simulator's what-if form as data: the common question, "N objects of this type through
 * std::make_shared (A) against the PSRAM factory (B), with this threshold on this chip", turned
 * into two scenarios for the same simulator the JSON editor feeds. Pure, so it is tested in Node.
 */
export interface WhatIf {
  chip: string;
  /** A label for the type (`app::Frame`, or `96 B object`) and its sizeof / alignof. */
  typeName: string;
  size: number;
  align: number;
  count: number;
  /** CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL in bytes. */
  threshold: number;
  /** PSRAM size as the scenario schema takes it, e.g. `8MB`. */
  psramSize: string;
}

export const PSRAM_SIZES = ['2MB', '4MB', '8MB', '16MB', '32MB'] as const;

/** Limits the form enforces before anything runs (the simulator caps scenarios too). */
export const WHAT_IF_LIMITS = { count: 100_000, size: 1 << 20, threshold: 1 << 20 };

/** A clear sentence for the first out-of-range field, or null when the form can run. */
export function checkWhatIf(w: WhatIf): string | null {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(w.count) || w.count < 1 || w.count > WHAT_IF_LIMITS.count) {
    return `Objects: a whole number from 1 to ${WHAT_IF_LIMITS.count.toLocaleString('en-US')}.`;
  }
  if (!whole(w.size) || w.size < 1 || w.size > WHAT_IF_LIMITS.size) {
    return `Size: a whole number of bytes from 1 to ${WHAT_IF_LIMITS.size.toLocaleString('en-US')}.`;
  }
  if (!whole(w.threshold) || w.threshold > WHAT_IF_LIMITS.threshold) {
    return `Threshold: a whole number of bytes up to ${WHAT_IF_LIMITS.threshold.toLocaleString('en-US')}.`;
  }
  return null;
}

/** The A (std::make_shared) and B (PSRAM factory) scenarios of one what-if, as JSON text. */
export function whatIfScenarios(w: WhatIf): { a: string; b: string } {
  const scenario = (method: 'make_shared' | 'psram_factory', label: string) => ({
    name: `${w.count.toLocaleString('en-US')} × ${w.typeName} via ${label}`,
    description: `What-if form: ${w.chip}, ${w.psramSize} PSRAM, CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=${w.threshold}.`,
    chip: w.chip,
    psramSize: w.psramSize,
    sdkconfig: {
      CONFIG_SPIRAM_USE_MALLOC: true,
      CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: w.threshold,
    },
    types: { T: { size: w.size, align: w.align } },
    steps: [
      { op: 'allocate', label, method, type: 'T', count: w.count },
      { op: 'snapshot', label: `after ${label}` },
    ],
  });
  return {
    a: JSON.stringify(scenario('make_shared', 'std::make_shared'), null, 2),
    b: JSON.stringify(scenario('psram_factory', 'PSRAM factory'), null, 2),
  };
}
