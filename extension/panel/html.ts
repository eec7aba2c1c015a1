/**
 * The heap panel's page: one helper builds the CSP and the markup (style guide habit 10), with no
 * dependency on VS Code so the browser tests serve exactly this page. Scripts run only with the
 * per-load nonce; styles come only from the extension's static CSS files (no inline styles).
 */
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** `webview.cspSource` (or the test server's origin). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const LIVE_TAB = `
<section id="tab-live" role="tabpanel" aria-labelledby="tab-btn-live">
  <div id="empty" class="empty">
    <p>Nothing received yet. Start the serial monitor, or open a log saved from one
      (the same commands are in this view's title bar and the Command Palette).</p>
    <button type="button" data-command="startMonitor">Start Monitor</button>
    <button type="button" data-command="openLogFile">Open Log File…</button>
    <button type="button" data-command="followLogFile">Follow Log File…</button>
  </div>
  <div class="overview">
    <div id="summary" class="summary" aria-label="Heap summary"></div>
    <details id="chart-box" class="chart-box">
      <summary>Timeline</summary>
      <div id="timeline" class="chart" role="img" aria-label="Free internal RAM and PSRAM over device time"></div>
    </details>
  </div>
  <div id="filters" class="filters" aria-label="Allocation filters"></div>
  <div id="alloc-grid" class="grid" aria-label="Allocations"></div>
</section>`;

const SITES_TAB = `
<section id="tab-sites" role="tabpanel" aria-labelledby="tab-btn-sites" hidden>
  <div id="sites" class="sites" aria-label="Allocation sites"></div>
</section>`;

const SIM_TAB = `
<section id="tab-simulator" role="tabpanel" aria-labelledby="tab-btn-simulator" hidden>
  <form id="what-if" class="what-if" aria-label="What if" novalidate>
    <label>Type <select id="wi-type"></select></label>
    <label>Size <input id="wi-size" type="number" min="1" step="1" required> B</label>
    <label>Objects <input id="wi-count" type="number" min="1" step="1" value="1000" required></label>
    <label>Chip <select id="wi-chip"></select></label>
    <label>Threshold <input id="wi-threshold" type="number" min="0" step="1" required> B</label>
    <label>PSRAM <select id="wi-psram"></select></label>
    <button type="submit" id="wi-compare">Compare std::make_shared (A) with the PSRAM factory (B)</button>
  </form>
  <p id="sim-message" role="status" aria-live="polite"></p>
  <details id="sim-expert" class="sim-expert">
    <summary>Scenario JSON (experts)</summary>
  <div class="sim-editor">
    <label for="sim-scenario">Scenario</label>
    <select id="sim-scenario"></select>
    <button type="button" id="sim-apply-defaults">Use project sdkconfig</button>
    <button type="button" id="sim-run-a">Run as A</button>
    <button type="button" id="sim-run-b">Run as B</button>
    <p id="sim-defaults" class="muted"></p>
    <textarea id="sim-editor" spellcheck="false" aria-label="Scenario JSON" rows="10"></textarea>
  </div>
  </details>
  <p id="sim-compare" class="compare" role="status"></p>
  <div class="sim-columns">
    <div class="sim-column" aria-labelledby="sim-title-a">
      <h3 id="sim-title-a">A: not run</h3>
      <div id="sim-summary-a" class="summary"></div>
      <div id="sim-chart-a" class="chart" role="img" aria-label="Run A timeline"></div>
      <ul id="sim-totals-a" class="totals"></ul>
    </div>
    <div class="sim-column" aria-labelledby="sim-title-b">
      <h3 id="sim-title-b">B: not run</h3>
      <div id="sim-summary-b" class="summary"></div>
      <div id="sim-chart-b" class="chart" role="img" aria-label="Run B timeline"></div>
      <ul id="sim-totals-b" class="totals"></ul>
    </div>
  </div>
</section>`;

export function panelHtml(r: PageResources): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(r.cspSource, r.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.styleUri}">
<title>PSRAM Lens heap</title>
</head>
<body>
<div role="tablist" aria-label="Heap panel" class="tabs">
  <button type="button" role="tab" id="tab-btn-live" data-tab="live" aria-controls="tab-live">Live</button>
  <button type="button" role="tab" id="tab-btn-sites" data-tab="sites" aria-controls="tab-sites">Sites</button>
  <button type="button" role="tab" id="tab-btn-simulator" data-tab="simulator" aria-controls="tab-simulator">Simulator</button>
</div>
<div class="session-line" aria-label="Session">
  <span id="session" class="session"></span>
  <span id="status" class="status" role="status" aria-live="polite"></span>
</div>
${LIVE_TAB}
${SITES_TAB}
${SIM_TAB}
<script nonce="${r.nonce}" src="${r.scriptUri}"></script>
</body>
</html>`;
}
