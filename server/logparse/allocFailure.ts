/**
 * Failed allocations, in every form ESP-IDF and its blobs print them:
 * - the failed-alloc callback text the docs suggest (`%s was called but failed to allocate %d
 *   bytes with 0x%X capabilities.`), raw or inside a log message;
 * - `CONFIG_HEAP_ABORT_WHEN_ALLOCATION_FAILS` abort messages (`Mem alloc fail. size 0x%08x caps
 *   0x%08x`, v4.4.5+/v5.0.2+; `Memory allocation failed` before), also inside panic/core-dump headers;
 * - Wi-Fi blob lines (`alloc eb len=… fail[, heap:N]`, `esf_buf: … no eb`, `m f <frame>[ l=N]`);
 * - `ESP_ERROR_CHECK` failures with `esp_err_t 0x101` and messages naming `ESP_ERR_NO_MEM`.
 * A size of 0 is a malloc(0) some versions reported through the hook: harmless (`benign`).
 */
import type { AllocFailedEvent, FreeHeapFigure } from '../protocol/events';
import { hex, type Draft } from './draft';

type Failure = Omit<AllocFailedEvent, 'line' | 'time' | 'kind'>;

function failed(f: Failure): Draft<AllocFailedEvent> {
  const e: Draft<AllocFailedEvent> = { kind: 'allocFailed', ...f };
  if (f.size === 0 && !f.sizeUnknown) e.benign = true;
  return e;
}

const CALLBACK_MARK = ' was called but failed to allocate ';
const CALLBACK =
  / was called but failed to allocate (\d{1,12}) bytes with 0x([0-9A-Fa-f]{1,8}) capabilit/y;
const FUNCTION_BEFORE = /([A-Za-z_][\w:]{0,80})$/;
const MEM_ALLOC_MARK = 'Mem alloc fail. size 0x';
const MEM_ALLOC = /Mem alloc fail\. size 0x([0-9A-Fa-f]{1,8}) caps 0x([0-9A-Fa-f]{1,8})/y;
const ERROR_CHECK = /^(ESP_ERROR_CHECK\w{0,20}) failed: esp_err_t 0x101\b/;

/** `text` ends with `word`, ignoring trailing spaces (no trimmed copy: runs for every line). */
function endsWithWord(text: string, word: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end >= word.length && text.startsWith(word, end - word.length);
}

/** Forms that can appear in any line, raw or as a log message. */
export function parseAllocFailure(text: string): Draft<AllocFailedEvent> | null {
  let i = text.indexOf(CALLBACK_MARK);
  if (i !== -1) {
    CALLBACK.lastIndex = i;
    const m = CALLBACK.exec(text);
    if (m) {
      const fn = FUNCTION_BEFORE.exec(text.slice(Math.max(0, i - 81), i));
      return failed({
        size: +m[1],
        caps: hex(m[2]),
        function: fn ? fn[1] : null,
        source: 'failedAllocCallback',
      });
    }
  }
  i = text.indexOf(MEM_ALLOC_MARK);
  if (i !== -1) {
    MEM_ALLOC.lastIndex = i;
    const m = MEM_ALLOC.exec(text);
    if (m) {
      return failed({ size: hex(m[1]), caps: hex(m[2]), function: null, source: 'memAllocFail' });
    }
  }
  if (endsWithWord(text, 'Memory allocation failed')) {
    return failed({
      size: 0,
      sizeUnknown: true,
      caps: null,
      function: null,
      source: 'memoryAllocationFailed',
    });
  }
  if (text.startsWith('ESP_ERROR_CHECK') && ERROR_CHECK.test(text)) {
    return failed({
      size: 0,
      sizeUnknown: true,
      caps: null,
      function: null,
      source: 'espErrorCheck',
    });
  }
  if (text.includes('ESP_ERR_NO_MEM')) {
    return failed({
      size: 0,
      sizeUnknown: true,
      caps: null,
      function: null,
      source: 'espErrNoMem',
    });
  }
  return null;
}

const ALLOC_EB = /^alloc eb len=(\d{1,9}) type=(\d{1,4}) fail(?:, heap:(\d{1,15})(?!\d))?/;
const ESF_BUF = /^esf_buf: t=(\d{1,4}) l=(\d{1,9}) max:\d{1,6}, alloc:\d{1,6} no eb/;
const FRAME = /^m f ([a-z][a-z ]{0,30}?)(?: l=(\d{1,9}))?$/;

/** Wi-Fi blob messages (tag `wifi`). */
export function parseWifiFailure(message: string): Draft<AllocFailedEvent> | null {
  let m = ALLOC_EB.exec(message);
  if (m) {
    const e = failed({
      size: +m[1],
      caps: null,
      function: `alloc eb type=${m[2]}`,
      source: 'wifiAllocEb',
    });
    if (m[3] !== undefined) {
      const freeHeap: FreeHeapFigure = { bytes: +m[3], measure: 'free', includesPsram: true };
      e.freeHeap = freeHeap;
    }
    return e;
  }
  m = ESF_BUF.exec(message);
  if (m) {
    return failed({ size: +m[2], caps: null, function: `esf_buf t=${m[1]}`, source: 'wifiEsfBuf' });
  }
  m = FRAME.exec(message);
  if (m) {
    return failed(
      m[2] !== undefined
        ? { size: +m[2], caps: null, function: m[1], source: 'wifiFrame' }
        : { size: 0, sizeUnknown: true, caps: null, function: m[1], source: 'wifiFrame' },
    );
  }
  return null;
}
