/**
 * Serves the built heap panel page (the same HTML helper and bundle the extension uses) on
 * loopback and opens it in Debian's Chromium through playwright-core. `acquireVsCodeApi` is the
 * stub: it is the true boundary between the page and VS Code. On the host side of that stub
 * runs the real PanelStore, answering `ready` with `hydrate` (and its overflow batches) as the
 * server's session does.
 * Shared by the browser tests and bench/panel.bench.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser as launchChromium } from '../e2e/lib/browser';
import { makeNonce, panelHtml } from '../../extension/panel/html';
import type { PanelStore } from '../../server/session/panelStore';
import { runScenarioText } from '../../server/session/simulation';
import {
  parseWebviewMessage,
  type HostMessage,
  type WebviewMessage,
} from '../../server/protocol/webview';

const root = join(__dirname, '..', '..');
export type ThemeName = 'light' | 'dark' | 'highContrast';
interface Theme {
  bodyClass: string;
  tokens: Record<string, string>;
}
const themes = JSON.parse(
  readFileSync(join(root, 'test/fixtures/media/themes.json'), 'utf8'),
) as Record<ThemeName, Theme>;

let built: Promise<string> | null = null;
/** Builds the webview bundle once per process into a temp folder (never touches dist/). */
export function buildWebview(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'psram-lens-webview-'));
    const { webviewBuild } = (await import(join(root, 'scripts/webview-build.mjs'))) as {
      webviewBuild: (production: boolean) => esbuild.BuildOptions;
    };
    // The page plus its probe (`psramLensPanel`, which the shipped bundle does not expose).
    await esbuild.build({
      ...webviewBuild(true),
      entryPoints: { webview: 'test/media/probeEntry.ts' },
      absWorkingDir: root,
      outdir: out,
    });
    return out;
  })();
  return built;
}

let browserPromise: Promise<Browser> | null = null;
/** One shared browser per test file (the launcher and its flags are the e2e suite's). */
export function launchBrowser(): Promise<Browser> {
  browserPromise ??= launchChromium();
  return browserPromise;
}

export async function closeBrowser(): Promise<void> {
  if (browserPromise) await (await browserPromise).close();
  browserPromise = null;
}

export interface PanelPage {
  /** The outer (workbench stand-in) page: keyboard, screenshots. */
  page: Page;
  /** The panel's own frame: DOM queries and evaluation. */
  frame: Frame;
  /** Every validated message the page sent, in order. */
  received: WebviewMessage[];
  /** performance.now() in this process when each of `received` arrived. */
  receivedAt: number[];
  /** State the page saved with setState (what VS Code would keep across hide/show). */
  savedState(): unknown;
  /** Problems the page reported (console errors, CSP violations, failed requests). */
  problems: string[];
  send(message: HostMessage): Promise<void>;
  setTheme(name: ThemeName): Promise<void>;
  waitForMessage(pred: (m: WebviewMessage) => boolean, timeoutMs?: number): Promise<WebviewMessage>;
  /** Polls a page expression until it is truthy (page.waitForFunction would need 'unsafe-eval'). */
  waitUntil(expression: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  store: PanelStore;
  theme: ThemeName;
  width?: number;
  height?: number;
  /** UI state restored by the stub's getState (a view shown again). */
  state?: unknown;
  /** False: `ready` is not answered (the test sends the hydrate itself, e.g. after a batch). */
  answerReady?: boolean;
}

/** The stand-in for what VS Code injects into a webview: the theme tokens and `acquireVsCodeApi`. */
function stubScript(theme: Theme, initial: unknown): string {
  return `(() => {
    let current = ${JSON.stringify(initial ?? null)};
    window.__psramLensApplyTheme = (t) => {
      for (const [k, v] of Object.entries(t.tokens)) document.documentElement.style.setProperty(k, v);
      document.body.className = t.bodyClass;
      document.body.dataset.vscodeThemeKind = t.bodyClass;
    };
    window.acquireVsCodeApi = () => {
      window.__psramLensApplyTheme(${JSON.stringify(theme)});
      return {
        postMessage: (m) => window.__psramLensToHost(m),
        getState: () => current ?? undefined,
        setState: (s) => { current = s; window.__psramLensSaveState(s); },
      };
    };
  })();`;
}

/**
 * The outer page stands where the workbench is: it holds the panel in an iframe (as VS Code does)
 * and posts host messages into it. It fetches each message from this server, because the CDP
 * channel moves big arguments at only a few MB/s on these machines.
 */
const OUTER_PAGE = `<!DOCTYPE html><html><head><style>
html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; display: block; }
</style></head><body><iframe id="panel" src="/panel" title="heap panel"></iframe><script>
window.__deliver = async (id) => {
  const text = await (await fetch('/message/' + id)).text();
  document.getElementById('panel').contentWindow.postMessage(JSON.parse(text), '*');
};
</script></body></html>`;

function startServer(
  dir: string,
  messages: Map<string, string>,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const files: Record<string, string> = {
      '/webview.js': 'text/javascript',
      '/webview.css': 'text/css',
    };
    const url = req.url ?? '';
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(OUTER_PAGE);
    } else if (url === '/panel') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        panelHtml({
          cspSource: origin,
          nonce: makeNonce(),
          scriptUri: `${origin}/webview.js`,
          styleUri: `${origin}/webview.css`,
        }),
      );
    } else if (url.startsWith('/message/') && messages.has(url.slice(9))) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(messages.get(url.slice(9)));
      messages.delete(url.slice(9));
    } else if (url === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (files[url]) {
      res.writeHead(200, { 'content-type': files[url] });
      res.end(readFileSync(join(dir, url)));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

export async function openPanelPage(o: OpenOptions): Promise<PanelPage> {
  const dir = await buildWebview();
  const messages = new Map<string, string>();
  const { server, origin } = await startServer(dir, messages);
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1100, height: o.height ?? 760 },
  });
  const page = await context.newPage();
  const received: WebviewMessage[] = [];
  const receivedAt: number[] = [];
  const problems: string[] = [];
  const waiters: { pred: (m: WebviewMessage) => boolean; resolve: (m: WebviewMessage) => void }[] =
    [];
  let state: unknown = o.state;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) problems.push(`remote request: ${r.url()}`);
  });

  let nextMessage = 0;
  const send = async (message: HostMessage) => {
    const id = String(++nextMessage);
    messages.set(id, JSON.stringify(message));
    await page.evaluate(
      (n) => (window as unknown as { __deliver(n: string): Promise<void> }).__deliver(n),
      id,
    );
  };
  await page.exposeFunction('__psramLensToHost', (raw: unknown) => {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      problems.push(parsed.error);
      return;
    }
    const m = parsed.message;
    received.push(m);
    receivedAt.push(performance.now());
    // The provider's protocol duties: hydrate on ready, record acks, run scenarios.
    if (m.type === 'ready' && o.answerReady !== false) {
      // As the server does: the hydrate, then the rows over its per-message cap in batches.
      void (async () => {
        await send(o.store.hydrate());
        for (let b = o.store.takeBatch(); b; b = o.store.takeBatch()) await send(b);
      })();
    }
    if (m.type === 'ack') o.store.ack(m.seq, m.rows);
    if (m.type === 'runScenario') {
      try {
        const run = runScenarioText(m.text);
        o.store.sim.runs[m.slot] = run;
        void send({ type: 'simResult', slot: m.slot, run });
      } catch (e) {
        void send({ type: 'simError', slot: m.slot, message: (e as Error).message });
      }
    }
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
  });
  await page.exposeFunction('__psramLensSaveState', (s: unknown) => {
    state = s;
  });
  // A string, not a function: tsx would inject its own helpers into a serialised function.
  await page.addInitScript(stubScript(themes[o.theme], o.state));
  await page.goto(`${origin}/`);
  const frame = page.frame({ url: `${origin}/panel` });
  if (!frame) throw new Error('panel frame did not load');
  return {
    page,
    frame,
    received,
    receivedAt,
    problems,
    savedState: () => state,
    send,
    setTheme: (name) =>
      frame.evaluate(`window.__psramLensApplyTheme(${JSON.stringify(themes[name])})`),
    waitForMessage: (pred, timeoutMs = 10_000) => {
      const hit = received.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error('timed out waiting for a webview message')),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(t);
            resolve(m);
          },
        });
      });
    },
    waitUntil: async (expression, timeoutMs = 20_000) => {
      const end = Date.now() + timeoutMs;
      while (!(await frame.evaluate(expression))) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: async () => {
      await context.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Waits for the page's `ready` and then for the table counter to show `rows` allocations. */
export async function waitForRows(p: PanelPage, rows: number): Promise<void> {
  await p.waitForMessage((m) => m.type === 'ready');
  await p.waitUntil(
    `document.querySelector('.counter')?.textContent?.endsWith('of ${rows.toLocaleString('en-US')} allocations')`,
    60_000,
  );
}
