/**
 * Merging the project's sdkconfig-derived defaults into a scenario's JSON text. Pure, so the
 * webview and the tests share it. Objects merge one level deep (e.g. a `sdkconfig` options map).
 */
export type MergeMode = 'fillMissing' | 'override';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Returns the merged text, or an error message when the text is not a JSON object. */
export function mergeDefaults(
  text: string,
  defaults: Record<string, unknown>,
  mode: MergeMode,
): { text: string } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `scenario is not valid JSON: ${(e as Error).message}` };
  }
  if (!isObject(parsed)) return { error: 'scenario must be a JSON object' };
  const out: Record<string, unknown> = { ...parsed };
  for (const [k, v] of Object.entries(defaults)) {
    const cur = out[k];
    if (isObject(v) && isObject(cur)) {
      out[k] = mode === 'override' ? { ...cur, ...v } : { ...v, ...cur };
    } else if (mode === 'override' || cur === undefined) {
      out[k] = v;
    }
  }
  return { text: JSON.stringify(out, null, 2) };
}
