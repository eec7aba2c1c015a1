/**
 * The heap session's messages between the extension and the language server, all named
 * `psramLens/heap/...`. The server owns the session (parser, heap model, batching, simulator);
 * the extension forwards the monitor's bytes and the webview's messages, and posts what comes back.
 */
import { notification, request } from './rpc';
import type { AllocationRow, HeapSnapshot, SourceFrame } from './snapshot';
import type { HostMessage, MonitorStatus, SessionInfo, SimRun, SimSlot } from './webview';

// ---- extension → server: the monitor's pseudoterminal stream ----

export interface BeginSessionParams {
  source: Exclude<SessionInfo['source'], 'none'>;
  /** What the source is (command line, file path), for the panel's header. */
  label: string;
}

/** A new live session: the model and the panel start empty. */
export const beginSessionNotification = notification<BeginSessionParams>('psramLens/heap/begin');

export interface SessionDataParams {
  /**
   * The bytes as a latin1 string (one char per byte; the server turns it back into bytes so split
   * UTF-8 sequences still decode). On a recorded monitor log it is 1.07x the raw size on the wire
   * against 1.39x for base64; both encode + decode at tens of MB/s or more, far above a serial
   * port's ~0.1 MB/s (`npm run bench -- panel`).
   */
  data: string;
}

export const sessionDataNotification = notification<SessionDataParams>('psramLens/heap/data');

/** The stream ended: a last unterminated line or open block is parsed. */
export const endSessionNotification = notification<void>('psramLens/heap/end');

/** The monitor process's state, shown in the panel's toolbar. */
export const monitorStatusNotification = notification<MonitorStatus>(
  'psramLens/heap/monitorStatus',
);

// ---- extension → server: files the server reads itself ----

export interface LogFileParams {
  path: string;
}

/**
 * Parses a saved log (streamed from disk in chunks); resolves when it is parsed, or cancelled
 * (what was read stays).
 */
export const openLogRequest = request<LogFileParams, void>('psramLens/heap/openLog');

/**
 * Follows a growing log (server/logparse/follow.ts); resolves once following started, rejects
 * when the file cannot be opened.
 */
export const followLogRequest = request<LogFileParams, void>('psramLens/heap/followLog');

/** Stops following a log file (the monitor process is the extension's to stop). */
export const stopFollowingRequest = request<void, void>('psramLens/heap/stop');

/** Clears the panel: an empty session. */
export const clearSessionNotification = notification<void>('psramLens/heap/clear');

/** The device findings shown so far are dismissed; failures seen until now are not shown again. */
export const clearFindingsNotification = notification<void>('psramLens/heap/clearFindings');

// ---- extension → server: the webview ----

/**
 * The webview (re)loaded: returns its `hydrate` message. From then on the server sends batches
 * until the view is hidden (`viewHiddenNotification`); a hidden view is rebuilt and hydrated.
 */
export const hydrateRequest = request<void, HostMessage>('psramLens/heap/hydrate');

export const viewHiddenNotification = notification<void>('psramLens/heap/viewHidden');

export interface AckParams {
  seq: number;
  rows: number;
}

/** The webview applied batch `seq` and holds `rows` rows. */
export const ackNotification = notification<AckParams>('psramLens/heap/ack');

export interface SimulateParams {
  slot: SimSlot;
  /** Scenario JSON as edited in the panel. */
  text: string;
  /**
   * The workspace scenario file the text was loaded from (its path as the panel lists it): a
   * relative sdkconfigFile resolves from there. Without it, from the workspace folder.
   */
  origin?: string;
}

/**
 * Runs a scenario in a worker thread of the server. Fails with one clear message on bad input,
 * a scenario over the operation cap, or a run over the time limit; cancellation ends the worker.
 */
export const simulateRequest = request<SimulateParams, SimRun>('psramLens/heap/simulate');

// ---- server → extension ----

/** A message for the webview (reset, batch, status), already coalesced by the server. */
export const hostMessageNotification = notification<HostMessage>('psramLens/heap/host');

/** Something the device run says about a source line (build-machine path, not yet mapped). */
export interface RuntimeCandidate {
  kind: 'internalAllocation' | 'allocationFailure';
  /** Decoded frames, innermost first: the first one inside the workspace gets the diagnostic. */
  frames: SourceFrame[];
  message: string;
  /** Allocation rows it stands for (the panel reveals the first). */
  rowIds: number[];
}

/** The session's runtime findings, replacing the previous list (empty: none). */
export const runtimeFindingsNotification = notification<RuntimeCandidate[]>(
  'psramLens/heap/runtimeFindings',
);

/** The live session as the server holds it, and what the webview acknowledged. */
export interface PanelState {
  session: SessionInfo;
  status: MonitorStatus;
  snapshot: HeapSnapshot;
  rows: AllocationRow[];
  /** Rows the webview said it holds after the last batch it applied, and that batch's number. */
  webview: { seq: number; rows: number };
}

/** The session's state (the extension's API for its tests, and bug reports). */
export const panelStateRequest = request<void, PanelState>('psramLens/heap/state');
