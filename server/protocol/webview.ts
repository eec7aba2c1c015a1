/**
 * The one message protocol between the extension host and the heap panel webview.
 *
 * Both directions are discriminated unions on `type`; both sides switch on it exhaustively.
 * The host validates EVERY message it receives from the webview with `parseWebviewMessage`
 * (a webview is untrusted content: it must not be able to open arbitrary files or run
 * arbitrary commands), while host → webview messages are typed only (the host is trusted).
 * The webview imports only types from here (`import type`), so zod stays out of its bundle.
 */
import { z } from 'zod';
import type { AllocationRow, HeapSnapshot } from './snapshot';

/** The two simulator runs shown side by side. */
export const SIM_SLOTS = ['a', 'b'] as const;
export type SimSlot = (typeof SIM_SLOTS)[number];

/** The panel's tabs. */
export type PanelTab = 'live' | 'sites' | 'simulator';

/** Where the panel's live data comes from. */
export interface SessionInfo {
  source: 'none' | 'monitor' | 'follow' | 'file';
  /** What the source is (command line, file path), for the header. */
  label: string;
  /** Monotonic: a new session clears the table in the webview. */
  id: number;
}

export interface MonitorStatus {
  state: 'idle' | 'running' | 'exited' | 'error';
  /** One clear sentence for the user (why it stopped, what to do). */
  message: string;
}

export interface ScenarioEntry {
  name: string;
  /** Workspace-relative or bundled path, shown as a hint. */
  path: string;
  /** The scenario JSON as text, ready to edit. */
  text: string;
}

/** Values read from the project's sdkconfig that a scenario should default to. */
export interface ScenarioDefaults {
  /** Where they came from, e.g. `examples/webrtc-streamer/sdkconfig`, or null when no sdkconfig. */
  source: string | null;
  /** Scenario fields to merge in (chip, psram size, sdkconfig options) in the simulator's own names. */
  fields: Record<string, unknown>;
}

export interface SimRun {
  /** Scenario name as shown in the column header. */
  name: string;
  snapshot: HeapSnapshot;
  rows: AllocationRow[];
  /** Bytes placed per memory kind by the run (internal, psram, ...), from the simulator's totals. */
  totals: Record<string, number>;
}

/** A C++ type the project's findings allocate, offered by the Simulator's what-if form. */
export interface SimObjectType {
  /** As the analyzer names it, e.g. `app::Frame`. */
  name: string;
  /** sizeof / alignof on the target (ILP32), without the control block. */
  size: number;
  align: number;
  /** Where the project allocates it, e.g. `main/track.cpp:20`. */
  site: string;
}

export interface SimState {
  scenarios: ScenarioEntry[];
  defaults: ScenarioDefaults;
  runs: Partial<Record<SimSlot, SimRun>>;
  /** Types from the project's findings (largest first), for the what-if form; may be empty. */
  types?: SimObjectType[];
}

/** Host → webview. */
export type HostMessage =
  /** Sent when the view (re)appears: everything the view shows, replacing what it had. */
  | {
      type: 'hydrate';
      session: SessionInfo;
      status: MonitorStatus;
      snapshot: HeapSnapshot;
      rows: AllocationRow[];
      seq: number;
      sim: SimState;
    }
  /** Coalesced live events (many log lines per message): new rows, changed rows (freed), new snapshot. */
  | {
      type: 'batch';
      seq: number;
      /** Null when unchanged or sent recently: summary and chart refresh a few times a second. */
      snapshot: HeapSnapshot | null;
      added: AllocationRow[];
      /** Rows sent before whose content changed (freed: `live` false, `freedLine` set). */
      updated: AllocationRow[];
      /** Rows the model no longer keeps (old freed rows past its cap, a replaced heap-trace dump). */
      removed: number[];
    }
  /** A new live session started: clear the table and chart. */
  | { type: 'reset'; session: SessionInfo; snapshot: HeapSnapshot }
  | { type: 'status'; status: MonitorStatus }
  | { type: 'simResult'; slot: SimSlot; run: SimRun }
  | { type: 'simError'; slot: SimSlot; message: string }
  /** A runtime-finding link was followed: show the live tab with this row selected. */
  | { type: 'revealRow'; id: number }
  /** A command (Show Sites) asked for a tab. */
  | { type: 'showTab'; tab: PanelTab };

export const PANEL_COMMANDS = [
  'startMonitor',
  'stopMonitor',
  'followLogFile',
  'openLogFile',
  'clear',
] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

const finiteInt = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const webviewMessageSchema = z.discriminatedUnion('type', [
  /** The page loaded (or re-loaded after being hidden): the host answers with `hydrate`. */
  z.object({ type: z.literal('ready') }).strict(),
  /** The webview applied batch `seq` and now holds `rows` rows (throughput/latency accounting). */
  z.object({ type: z.literal('ack'), seq: finiteInt, rows: finiteInt }).strict(),
  /** A caller was clicked: open that file (decoded path) at that 1-based line in the workspace. */
  z
    .object({
      type: z.literal('openSource'),
      file: z.string().min(1).max(4096),
      line: z.number().int().min(1).max(10_000_000),
    })
    .strict(),
  /** Run the edited scenario text into one comparison slot. */
  z
    .object({
      type: z.literal('runScenario'),
      slot: z.enum(SIM_SLOTS),
      text: z.string().max(1_000_000),
    })
    .strict(),
  /** A toolbar button: one of a fixed list of panel commands, never an arbitrary command id. */
  z.object({ type: z.literal('command'), command: z.enum(PANEL_COMMANDS) }).strict(),
]);

/** Webview → host. */
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; error: string };

/** Validates one message from the webview; the host ignores (and logs) anything that fails. */
export function parseWebviewMessage(raw: unknown): ParseResult {
  const r = webviewMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `invalid webview message${where}: ${issue?.message ?? 'unknown'}` };
}
