/**
 * Severity and message of a finding, from the project's sdkconfig (see README "How findings are
 * graded"). The numbers in messages are estimates for the project's target: sizeof(T) on ILP32
 * and the libstdc++ control block (docs/reference/shared-ptr-layout.md E2).
 */
import type { AllocatorKind } from './allocators';
import type { RuleCode, Severity } from './findings';
import type { PsramConfig } from '../project/sdkconfig';

export interface Footprint {
  /** sizeof(T) */
  object: number;
  /** alignof(T), when the layout knows it */
  align?: number;
  /** Bytes the heap is asked for (one block for make_shared; object + control for new). */
  request: number;
  /** Control-block bytes beyond the object. */
  control: number;
  /** Number of heap blocks (1 for make_shared, 2 for shared_ptr(new T)). */
  blocks: number;
}

export interface GradeSettings {
  /** What to show when the project has no PSRAM: nothing, or hints. */
  noPsramSeverity: 'off' | 'hint';
  /** Code the ESP target never compiles (host code, a branch off in this configuration): information (default), or nothing. */
  hostCode?: 'information' | 'off';
}

export const DEFAULT_GRADE_SETTINGS: GradeSettings = {
  noPsramSeverity: 'off',
  hostCode: 'information',
};

/**
 * A finding in code the device never runs keeps its words, is information at most, and says why;
 * with `hostCode: 'off'` it is not reported.
 */
export function gradeNotDevice(
  graded: Graded,
  reason: string,
  settings: GradeSettings,
): Graded | null {
  if (settings.hostCode === 'off') return null;
  return {
    severity: graded.severity === 'hint' ? 'hint' : 'information',
    message: `Not built for the ESP target (${reason}): ${graded.message}`,
  };
}

/** PSR002 with an allocator class the project defines (allocators.ts read its `allocate`). */
export interface AllocatorVerdict {
  name: string;
  kind: AllocatorKind;
}

export interface Graded {
  severity: Severity;
  message: string;
}

const WHAT: Record<RuleCode, string> = {
  PSR001: 'std::make_shared',
  PSR002: 'std::allocate_shared with this allocator',
  PSR003: 'shared_ptr from a raw new',
  PSR004: 'make_shared (resolves to std::make_shared)',
  PSR005: 'weak_ptr from make_shared storage',
};

function sizeText(fp: Footprint | null, type: string | undefined): string {
  const t = type ? ` ${type}` : '';
  if (!fp) return `object${t} and control block`;
  if (fp.blocks === 2) {
    return `object${t} (${fp.object} B) and a separate ${fp.control} B control block`;
  }
  return `object${t} and control block (≈${fp.request} B: ${fp.object} + ${fp.control})`;
}

export function grade(
  code: RuleCode,
  fp: Footprint | null,
  type: string | undefined,
  cfg: PsramConfig,
  settings: GradeSettings,
  allocator?: AllocatorVerdict,
): Graded | null {
  const what = WHAT[code];
  if (cfg.psram === false) {
    if (settings.noPsramSeverity === 'off') return null;
    return {
      severity: 'hint',
      message: `${what}: PSRAM is not enabled (CONFIG_SPIRAM), so internal RAM is the only heap; nothing to move yet.`,
    };
  }
  if (cfg.spiramUseMemmap) {
    return {
      severity: 'hint',
      message: `${what}: PSRAM is mapped with CONFIG_SPIRAM_USE_MEMMAP and is not part of the heap, so no allocator can place this in PSRAM.`,
    };
  }
  if (code === 'PSR005') {
    return {
      severity: 'information',
      message: `${what}: the whole block (${sizeText(fp, type)}) stays allocated until the last weak_ptr is gone, not just until the object dies.`,
    };
  }
  if (allocator?.kind === 'decides') {
    return {
      severity: 'information',
      message: `std::allocate_shared with ${allocator.name}: the allocator decides where the ${sizeText(fp, type)} goes (its allocate() takes the caps from configuration or calls a hook), so PSRAM Lens cannot tell; make sure it asks for MALLOC_CAP_SPIRAM.`,
    };
  }
  const fix = 'Use the PSRAM factory (psram::make_shared) to place it in PSRAM.';
  if (cfg.spiramUseCapsAlloc) {
    return {
      severity: 'warning',
      message: `${what} puts the ${sizeText(fp, type)} in internal RAM: with CONFIG_SPIRAM_USE_CAPS_ALLOC malloc never returns PSRAM. ${fix}`,
    };
  }
  const threshold = cfg.alwaysInternalThreshold;
  if (cfg.spiramUseMalloc && threshold !== null) {
    if (fp && fp.blocks === 1 && fp.request > threshold) {
      return {
        severity: 'information',
        message: `${what}: the ${sizeText(fp, type)} is above CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL (${threshold} B), so malloc prefers PSRAM already; the PSRAM factory makes that explicit.`,
      };
    }
    return {
      severity: 'warning',
      message: `${what} keeps the ${sizeText(fp, type)} in internal RAM: malloc places requests of up to ${threshold} B (CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL) in internal RAM. ${fix}`,
    };
  }
  return {
    severity: 'warning',
    message: `${what} allocates the ${sizeText(fp, type)} with malloc, which on ESP-IDF keeps small requests in internal RAM. ${fix}`,
  };
}
