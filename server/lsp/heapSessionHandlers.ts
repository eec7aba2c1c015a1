/**
 * The heap session's LSP messages (server/protocol/heapSession.ts) wired to the one HeapSession
 * of this server, and the simulator tab's data: scenarios and defaults from the projects the server
 * discovered, runs in a worker thread (dist/simWorker.js) with cancellation.
 */
import { join, resolve } from 'node:path';
import {
  type CancellationToken,
  type Connection,
  type Disposable,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver/node';
import {
  ackNotification,
  beginSessionNotification,
  clearFindingsNotification,
  clearSessionNotification,
  endSessionNotification,
  followLogRequest,
  hostMessageNotification,
  hydrateRequest,
  monitorStatusNotification,
  openLogRequest,
  panelStateRequest,
  runtimeFindingsNotification,
  sessionDataNotification,
  simulateRequest,
  stopFollowingRequest,
  viewHiddenNotification,
} from '../protocol/heapSession';
import type { ScenarioEntry, SimRun, SimSlot } from '../protocol/webview';
import { HeapSession } from '../session/heapSession';
import { SimCancelled, SimThreads } from '../session/simThread';
import {
  type FileFindings,
  builtInScenarios,
  findingTypes,
  findScenarioFiles,
  projectDefaults,
  scenarioEntries,
  type ScenarioPlace,
} from '../session/simulation';
import { isInside } from '../project/paths';
import type { WorkspaceProjects } from './workspaceProjects';
import { DEFAULT_SETTINGS, type Settings } from '../config/settings';
import { onNotification, onRequest, sendNotification } from '../protocol/rpc';

export interface SymbolizeContext {
  /** The workspace is trusted (decoding starts addr2line on the workspace's ELF). */
  trusted: boolean;
  /** The settings (`psramLens.monitor.addr2line`, machine scoped). */
  settings: () => Promise<Settings>;
}

export function registerHeapSession(
  connection: Connection,
  projects: WorkspaceProjects,
  folders: string[],
  symbolize: SymbolizeContext = { trusted: false, settings: async () => DEFAULT_SETTINGS },
  /** The workspace check's findings: the Simulator form offers the types they allocate. */
  findings: () => FileFindings[] = () => [],
): Disposable {
  const c = connection;
  const project = () => projects.list()[0]?.project ?? null;
  // Read ahead: a session starts synchronously; a changed setting applies to the next session.
  let addr2line = '';
  const readSetting = (): void =>
    void symbolize.settings().then(
      (s) => (addr2line = s.monitor.addr2line),
      () => undefined,
    );
  readSetting();
  const session = new HeapSession(
    {
      host: (m) => void sendNotification(c, hostMessageNotification, m),
      findings: (list) => void sendNotification(c, runtimeFindingsNotification, list),
      notice: (m) => c.console.info(m),
    },
    () => project()?.config.target ?? null,
    () => {
      if (!symbolize.trusted) return null;
      readSetting();
      return {
        project: project()?.root ?? folders[0] ?? null,
        addr2line: addr2line || null,
        chip: project()?.config.target ?? null,
      };
    },
  );
  let scenarioFiles: Promise<ScenarioEntry[]> | null = null;
  // The worker bundle lives next to dist/server.js.
  const threads = new SimThreads(join(__dirname, 'simWorker.js'));

  /** The simulator tab's scenarios and defaults, from the first project discovered. */
  async function refreshSim(): Promise<void> {
    await projects.settled();
    const p = project();
    const folder = folders[0] ?? process.cwd();
    // Paths as the panel showed them: scenarios from the workspace folder, sdkconfig from the project.
    scenarioFiles ??= findScenarioFiles(folders).then((files) => scenarioEntries(files, folder));
    const sim = session.store.sim;
    sim.scenarios = [
      ...builtInScenarios(p?.config.target ?? null),
      ...session.replayScenarios(),
      ...(await scenarioFiles),
    ];
    sim.defaults = projectDefaults(p, p?.root ?? folder);
    sim.types = findingTypes(findings(), p?.root ?? folder);
  }

  /** A failure reaches the extension as its own one-line message (not wrapped by vscode-jsonrpc). */
  const plain = <T>(work: Promise<T>): Promise<T> =>
    work.catch((e: unknown) => {
      throw new ResponseError(LSPErrorCodes.RequestFailed, (e as Error).message);
    });

  const disposables = [
    onNotification(c, beginSessionNotification, (p) => session.begin(p.source, p.label)),
    onNotification(c, sessionDataNotification, (p) => session.push(Buffer.from(p.data, 'latin1'))),
    onNotification(c, endSessionNotification, () => session.end()),
    onNotification(c, monitorStatusNotification, (s) => session.setStatus(s)),
    onNotification(c, clearSessionNotification, () => session.clear()),
    onNotification(c, clearFindingsNotification, () => session.clearFindings()),
    onNotification(c, viewHiddenNotification, () => session.hide()),
    onNotification(c, ackNotification, (p) => session.ack(p.seq, p.rows)),
    onRequest(c, openLogRequest, (p, token) =>
      plain(session.openFile(p.path, () => token.isCancellationRequested)),
    ),
    onRequest(c, followLogRequest, (p) => plain(session.follow(p.path))),
    onRequest(c, stopFollowingRequest, () => session.stopFollowing()),
    onRequest(c, hydrateRequest, async () => {
      threads.warm();
      await refreshSim();
      return session.hydrate();
    }),
    onRequest(c, panelStateRequest, () => session.state()),
    onRequest(c, simulateRequest, (p, token) => simulate(p.slot, p.text, p.origin, token)),
  ];

  /**
   * Where the panel's scenario resolves its sdkconfigFile: the workspace file it was loaded from,
   * when that is one the panel listed (the page names it; nothing else is trusted), confined to
   * the folder holding it; else the first workspace folder. No folder: nowhere (refused).
   */
  async function placeOf(origin: string | undefined): Promise<ScenarioPlace | undefined> {
    const folder = folders[0];
    if (folder === undefined) return undefined;
    const listed = origin !== undefined && (await scenarioFiles)?.some((s) => s.path === origin);
    if (listed) {
      const file = resolve(folder, origin);
      const root = folders.find((f) => isInside(f, file));
      if (root !== undefined) return { file, root };
    }
    return { file: join(folder, 'scenario.json'), root: folder };
  }

  async function simulate(
    slot: SimSlot,
    text: string,
    origin: string | undefined,
    token: CancellationToken,
  ): Promise<SimRun> {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const place = await placeOf(origin);
      const run = await threads.run(text, { signal: abort.signal, place });
      session.store.sim.runs[slot] = run;
      return run;
    } catch (e) {
      if (e instanceof SimCancelled) {
        throw new ResponseError(LSPErrorCodes.RequestCancelled, e.message);
      }
      throw new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
    } finally {
      sub.dispose();
    }
  }

  return {
    dispose(): void {
      for (const d of disposables) d.dispose();
      session.dispose();
      threads.dispose();
    },
  };
}
