/**
 * The client side of LSP for tests and the benchmark: starts the BUNDLED server (dist/server.js)
 * as a child process over stdio (or Node IPC) and talks to it with vscode-jsonrpc. It answers
 * `workspace/configuration` from a settings function the test controls, records every
 * publishDiagnostics and psramLens/status, and waits on conditions (never on fixed sleeps).
 */
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-languageserver-protocol/node';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  type FileEvent,
  InitializeRequest,
  type InitializeResult,
  InitializedNotification,
  LogMessageNotification,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/config/settings';
import { type ServerStatus, statusNotification } from '../../../server/protocol/lsp';
import { onNotification } from '../../../server/protocol/rpc';

const root = join(__dirname, '..', '..', '..');
export const SERVER_BUNDLE = join(root, 'dist', 'server.js');

/** Builds dist/ when the server bundle is missing or older than its sources (`npm test` builds first). */
export function ensureServerBundle(): void {
  const fresh =
    existsSync(SERVER_BUNDLE) &&
    newestSource(join(root, 'server')) <= statSync(SERVER_BUNDLE).mtimeMs;
  if (fresh) return;
  // flock: test files run in parallel and must not write the bundle at the same time.
  const r = spawnSync(
    'flock',
    [join(tmpdir(), 'psram-lens-build.lock'), process.execPath, 'scripts/build.mjs'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('building dist/ failed');
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    newest = Math.max(newest, s.isDirectory() ? newestSource(full) : s.mtimeMs);
  }
  return newest;
}

export interface StartOptions {
  workspace: string;
  transport?: 'stdio' | 'ipc';
  /** The `psramLens` section for a scope URI; defaults everywhere unless given. */
  settings?: (scopeUri: string | undefined) => Partial<Settings>;
}

/**
 * The bundled server started, and ready, on a fresh temporary copy of `source` (tests edit files
 * there freely). Pair with `stopAndRemove`.
 */
export async function startOnCopy(
  source: string,
  prefix: string,
  opts: Omit<StartOptions, 'workspace'> = {},
): Promise<{ ws: string; lsp: LspClient }> {
  ensureServerBundle();
  const ws = mkdtempSync(join(tmpdir(), `psram-lens-${prefix}-`));
  cpSync(source, ws, { recursive: true });
  const lsp = await LspClient.start({ ...opts, workspace: ws });
  await lsp.ready();
  return { ws, lsp };
}

/** Stops the server and removes its temporary workspace. */
export async function stopAndRemove(lsp: LspClient, ws: string): Promise<void> {
  await lsp.stop();
  rmSync(ws, { recursive: true, force: true });
}

type Waiter = () => boolean;

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: ServerStatus[] = [];
  readonly logs: string[] = [];
  private readonly versions = new Map<string, number>();
  private waiters: Waiter[] = [];
  settings: (scopeUri: string | undefined) => Partial<Settings>;

  private constructor(
    readonly connection: MessageConnection,
    readonly child: ChildProcess,
    readonly initializeResult: InitializeResult,
    opts: StartOptions,
  ) {
    this.settings = opts.settings ?? (() => DEFAULT_SETTINGS);
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    onNotification(connection, statusNotification, (s) => {
      this.statuses.push(s);
      this.wake();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    connection.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => ({ ...DEFAULT_SETTINGS, ...this.settings(item.scopeUri) })),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
  }

  static async start(opts: StartOptions): Promise<LspClient> {
    const ipc = opts.transport === 'ipc';
    const child = ipc
      ? fork(SERVER_BUNDLE, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      : spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = ipc
      ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createMessageConnection(
          new StreamMessageReader(child.stdout!),
          new StreamMessageWriter(child.stdin!),
        );
    connection.listen();
    const folder = pathToFileURL(opts.workspace).href;
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'ws' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: false },
        },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    const client = new LspClient(connection, child, result, opts);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the first truthy value of `probe`, checked now and after every notification. */
  waitFor<T>(
    probe: () => T | undefined | null | false,
    what: string,
    timeoutMs = 20_000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}; logs: ${this.logs.join(' | ')}`));
      }, timeoutMs);
      const check: Waiter = () => {
        const v = probe();
        if (!v) return false;
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  /** Diagnostics of `uri` for its current version. */
  current(uri: string): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () => {
        const d = this.diagnostics.get(uri);
        return d && d.version === this.versions.get(uri) ? d : undefined;
      },
      `diagnostics of ${uri} v${this.versions.get(uri)}`,
    );
  }

  /** Waits until the server has indexed its projects. */
  ready(): Promise<ServerStatus> {
    return this.waitFor(() => this.statuses.find((s) => s.state === 'ready'), 'server ready');
  }

  async open(uri: string, text: string, languageId = 'cpp'): Promise<void> {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: null,
    });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } finally {
      this.connection.dispose();
      const timer = setTimeout(() => this.child.kill(), 2000);
      await exited;
      clearTimeout(timer);
    }
  }

  /** Re-checks the waiters (tests that record their own notifications call it). */
  wake(): void {
    this.waiters = this.waiters.filter((w) => !w());
  }
}
