/**
 * ESP-IDF versions as the simulator compares them: `5.3`, `v5.3.1`, `5.2-dev` all parse; the
 * numbers decide which allocator generation, control-structure size, heap order and region
 * labels apply (docs/reference/allocator-overhead.md D3,
 * malloc-policy.md C3, log-formats.md A2).
 */
export interface IdfVersion {
  major: number;
  minor: number;
  patch: number;
  /** As written, normalised without the leading `v`. */
  text: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+~][\w.-]*)?$/;

export function parseIdfVersion(text: string): IdfVersion | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? 0 : Number(m[3]),
    text: text.trim().replace(/^v/, ''),
  };
}

/** True when `v` is at least `major.minor.patch`. */
export function atLeast(v: IdfVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}

/** Oldest version the simulator models (v3.3: the pre-TLSF multi_heap with MALLOC_CAP_* as known). */
export const OLDEST_SUPPORTED = '3.3';
