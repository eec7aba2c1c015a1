/**
 * The heap session's LSP messages (server/protocol/heapSession.ts) wired to the one HeapSession
 * of this server, and the simulator tab's data: scenarios and defaults from the projects the server
 * discovered, runs in a worker thread (dist/simWorker.js) with cancellation.
 */
import { join } from 'node:path';
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
} from '../session/simulation';
import type { WorkspaceProjects } from './workspaceProjects';

export function registerHeapSession(
  connection: Connection,
  projects: WorkspaceProjects,
  folders: string[],
  /** The workspace check's findings: the Simulator form offers the types they allocate. */
  findings: () => FileFindings[] = () => [],
): Disposable {
  const c = connection;
  const project = () => projects.list()[0]?.project ?? null;
  const session = new HeapSession(
    {
      host: (m) => void c.sendNotification(hostMessageNotification, m),
      findings: (list) => void c.sendNotification(runtimeFindingsNotification, list),
    },
    () => project()?.config.target ?? null,
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
    sim.scenarios = [...builtInScenarios(p?.config.target ?? null), ...(await scenarioFiles)];
    sim.defaults = projectDefaults(p, p?.root ?? folder);
    sim.types = findingTypes(findings(), p?.root ?? folder);
  }

  /** A failure reaches the extension as its own one-line message (not wrapped by vscode-jsonrpc). */
  const plain = <T>(work: Promise<T>): Promise<T> =>
    work.catch((e: unknown) => {
      throw new ResponseError(LSPErrorCodes.RequestFailed, (e as Error).message);
    });

  const disposables = [
    c.onNotification(beginSessionNotification, (p) => session.begin(p.source, p.label)),
    c.onNotification(sessionDataNotification, (p) => session.push(Buffer.from(p.data, 'latin1'))),
    c.onNotification(endSessionNotification, () => session.end()),
    c.onNotification(monitorStatusNotification, (s) => session.setStatus(s)),
    c.onNotification(clearSessionNotification, () => session.clear()),
    c.onNotification(clearFindingsNotification, () => session.clearFindings()),
    c.onNotification(viewHiddenNotification, () => session.hide()),
    c.onNotification(ackNotification, (p) => session.ack(p.seq, p.rows)),
    c.onRequest(openLogRequest, (p, token) =>
      plain(session.openFile(p.path, () => token.isCancellationRequested)),
    ),
    c.onRequest(followLogRequest, (p) => plain(session.follow(p.path))),
    c.onRequest(stopFollowingRequest, () => session.stopFollowing()),
    c.onRequest(hydrateRequest, async () => {
      threads.warm();
      await refreshSim();
      return session.hydrate();
    }),
    c.onRequest(panelStateRequest, () => session.state()),
    c.onRequest(simulateRequest, (p, token) => simulate(p.slot, p.text, token)),
  ];

  async function simulate(slot: SimSlot, text: string, token: CancellationToken): Promise<SimRun> {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const run = await threads.run(text, { signal: abort.signal });
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
