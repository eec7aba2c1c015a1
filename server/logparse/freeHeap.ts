/**
 * "Free heap" figures in application messages: `esp_get_free_heap_size()` and
 * `esp_get_minimum_free_heap_size()` count every MALLOC_CAP_DEFAULT heap, PSRAM included
 * (hello_world's `Minimum free heap size: N bytes`, `Free heap: N`, `free_heap_size=N`).
 * Figures that name internal RAM (`esp_get_free_internal_heap_size`, "free internal heap")
 * are labelled as not including PSRAM.
 */
import type { FreeHeapFigure } from '../protocol/events';

// "min"/"minimum", optional "free", "internal", "heap", optional "size", separator, number
// (whole: a longer digit run than a safe integer holds is no figure, never a truncated one).
const FIGURE =
  /(?:^|[^A-Za-z])(min(?:imum)?[ _])?(?:free[ _]?)(internal[ _])?heap(?:[ _]size)?(?:\(\))? {0,2}[:=]? {0,2}(\d{1,15})(?!\d)/i;
const API = /esp_get_(minimum_)?free_(internal_)?heap_size\(\)\s{0,2}[:=]?\s{0,2}(\d{1,15})(?!\d)/;

export function parseFreeHeap(text: string): FreeHeapFigure | null {
  // Cheap gate: nearly every line lacks the word.
  if (text.indexOf('eap') === -1 && text.indexOf('EAP') === -1) return null;
  const api = API.exec(text);
  if (api) {
    return {
      bytes: +api[3],
      measure: api[1] ? 'minimumFree' : 'free',
      includesPsram: api[2] === undefined,
    };
  }
  const m = FIGURE.exec(text);
  if (!m) return null;
  return {
    bytes: +m[3],
    measure: m[1] ? 'minimumFree' : 'free',
    includesPsram: m[2] === undefined,
  };
}
