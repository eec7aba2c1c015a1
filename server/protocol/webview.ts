/**
 * The one message protocol between the extension host and the heap panel webview.
 *
 * Both directions are discriminated unions on `type`; both sides switch on it exhaustively.
 * The host validates EVERY message it receives from the webview with `parseWebviewMessage`
 * (a webview is untrusted content: it must not be able to open arbitrary files or run
 * arbitrary commands), while host → webview messages are typed only (the host is trusted).
 * The webview imports only types from here (`import type`).
 */
import type { AllocationRow, HeapSnapshot, SiteRow } from './snapshot';

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
  /** The chips the simulator models (the what-if form's choices; server/target/chips.ts). */
  chips: readonly string[];
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
      /** Allocation sites whose figures changed (by `key`; absent when a snapshot rides along). */
      sites?: SiteRow[];
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

/** Webview → host. */
export type WebviewMessage =
  /** The page loaded (or re-loaded after being hidden): the host answers with `hydrate`. */
  | { type: 'ready' }
  /** The webview applied batch `seq` and now holds `rows` rows (throughput/latency accounting). */
  | { type: 'ack'; seq: number; rows: number }
  /** A caller was clicked: open that file (decoded path) at that 1-based line in the workspace. */
  | { type: 'openSource'; file: string; line: number }
  /**
   * Run the edited scenario text into one comparison slot; `origin`: the listed workspace scenario
   * it was loaded from (its sdkconfigFile resolves from there).
   */
  | { type: 'runScenario'; slot: SimSlot; text: string; origin?: string }
  /** A toolbar button: one of a fixed list of panel commands, never an arbitrary command id. */
  | { type: 'command'; command: PanelCommand };

export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; error: string };

/** A field check: null when the value is acceptable, else why not. */
type Check = (v: unknown) => string | null;

const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `expected an integer from ${min} to ${max}`;
const text =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max
      ? null
      : `expected a string of ${min} to ${max} characters`;
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `expected one of ${values.join(', ')}`;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? null : check(v);

/** Every message kind with its exact fields (no others are accepted). */
const SHAPES: Record<WebviewMessage['type'], Record<string, Check>> = {
  ready: {},
  ack: { seq: int(0, Number.MAX_SAFE_INTEGER), rows: int(0, Number.MAX_SAFE_INTEGER) },
  openSource: { file: text(1, 4096), line: int(1, 10_000_000) },
  runScenario: {
    slot: oneOf(SIM_SLOTS),
    text: text(0, 1_000_000),
    origin: optional(text(1, 4096)),
  },
  command: { command: oneOf(PANEL_COMMANDS) },
};

/**
 * Validates one message from the webview; the host ignores (and logs) anything that fails.
 * Hand-written rather than a schema library: it runs in the extension host, whose bundle stays small.
 */
export function parseWebviewMessage(raw: unknown): ParseResult {
  const bad = (where: string, why: string): ParseResult => ({
    ok: false,
    error: `invalid webview message${where ? ` at ${where}` : ''}: ${why}`,
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return bad('', 'expected an object');
  }
  const m = raw as Record<string, unknown>;
  const type = m.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) {
    return bad('type', `expected one of ${Object.keys(SHAPES).join(', ')}`);
  }
  const shape = SHAPES[type as WebviewMessage['type']];
  for (const key of Object.keys(m)) {
    if (key !== 'type' && !Object.hasOwn(shape, key)) return bad('', `unknown field "${key}"`);
  }
  for (const [key, check] of Object.entries(shape)) {
    const why = check(m[key]);
    if (why) return bad(key, why);
  }
  return { ok: true, message: { ...m } as WebviewMessage };
}
