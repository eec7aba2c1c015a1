/**
 * The macro values a configuration defines, for evaluating `#if` branches
 * (server/analysis/conditions.ts): sdkconfig options as sdkconfig.h spells them, `-D` build flags.
 */
import type { SdkValue } from './sdkconfig';

export interface MacroTable {
  values: ReadonlyMap<string, SdkValue>;
  /**
   * True when every CONFIG_* option of the configuration is listed (a full sdkconfig), so a CONFIG_*
   * name missing from `values` is undefined; otherwise it is unknown.
   */
  completeConfig: boolean;
}

/** `-DNAME`, `-D NAME`, `-DNAME=value` (value: a number, or text with its quotes removed). */
export function definesOf(flags: string[]): Map<string, SdkValue> {
  const out = new Map<string, SdkValue>();
  for (let i = 0; i < flags.length; i++) {
    let f = flags[i];
    if (f === '-D' && i + 1 < flags.length) f = `-D${flags[++i]}`;
    const m = /^-D([A-Za-z_]\w*)(?:=(.*))?$/.exec(f);
    if (!m) continue;
    const raw = (m[2] ?? '1').replace(/^\\?"|\\?"$/g, '').replace(/^'|'$/g, '');
    out.set(m[1], /^-?\d+$/.test(raw) ? Number(raw) : raw);
  }
  return out;
}

/** sdkconfig values (a full sdkconfig is complete) and extra defines, later ones winning. */
export function macroTable(
  sdkconfig: ReadonlyMap<string, SdkValue>,
  completeConfig: boolean,
  ...more: ReadonlyMap<string, SdkValue>[]
): MacroTable {
  const values = new Map(sdkconfig);
  for (const m of more) for (const [k, v] of m) values.set(k, v);
  return { values, completeConfig };
}
