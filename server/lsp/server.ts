/**
 * The PSRAM Lens language server: open documents → cached syntax trees → analyzer facts →
 * diagnostics, graded by each project's sdkconfig and the settings pulled per resource.
 *
 * Work per keystroke is kept to the edited document: its tree is re-parsed incrementally and its
 * facts re-extracted. What other documents depend on (their project's sdkconfig, the merged
 * cross-file index, settings) only re-grades their cached facts, without parsing.
 */
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  type DidChangeTextDocumentParams,
  type DidOpenTextDocumentParams,
  type FileEvent,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Parser, createCppParser } from '../analysis/parser';
import { isCppFile } from '../analysis/sourceFiles';
import { SETTINGS_SECTION } from '../config/settings';
import {
  type ServerStatus,
  checkWorkspaceRequest,
  documentFindingsRequest,
  migrationRequest,
  serverStatsRequest,
  statusNotification,
} from '../protocol/lsp';
import { FIX_ALL_KIND, provideCodeActions } from './codeActions';
import { registerHeapSession } from './heapSessionHandlers';
import { toDiagnostic } from './diagnostics';
import { DocumentAnalyzer, type OpenDoc, keyOf, newOpenDoc } from './documentAnalysis';
import { applyChanges, keepsLineBreaks } from './documents';
import { LatencyStats } from './latency';
import { type MigrationHost, planScope } from './migration';
import { indexProject, reindexFile } from './projectIndexer';
import { AnalysisScheduler, Debounce } from './scheduler';
import { SettingsStore } from './settingsStore';
import { TreeCache } from './treeCache';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { WorkspaceProjects } from './workspaceProjects';
import { describeError } from '../errors';
import { filePathOf, workspaceFolders } from './uris';
import { onRequest, sendNotification } from '../protocol/rpc';

/**
 * Trees kept for incremental re-parsing (a tree of a 400-line file holds ~0.5 MB of wasm memory);
 * other open documents are parsed afresh when edited, which is only a few ms for ordinary files.
 */
const TREE_CAPACITY = 16;
/** Re-grading the other documents after a cross-file fact changed waits for a pause in typing. */
const DEPENDENTS_DELAY_MS = 250;
/** A parse deferred while typing runs once no change came for this long. */
const SETTLE_MS = 300;

export class PsramLensServer {
  private readonly docs = new Map<string, OpenDoc>();
  private readonly trees: TreeCache;
  private readonly settings: SettingsStore;
  private readonly projects: WorkspaceProjects;
  private readonly scheduler: AnalysisScheduler;
  private readonly dependents: Debounce;
  private readonly analyzer: DocumentAnalyzer;
  /** Findings of files that are not open (psramLens.diagnostics.scope = workspace). */
  private readonly workspace: WorkspaceDiagnostics;
  /** The heap panel's live session and simulator (server/session). */
  private readonly heapSession: { dispose(): void };
  private readonly latency = new LatencyStats();
  /** CPU time per change (process-wide user + system): a figure that machine load does not inflate. */
  private readonly cpu = new LatencyStats();
  /** Bumped whenever something every document's grade depends on changes. */
  private epoch = 0;
  private state: ServerStatus['state'] = 'starting';
  private indexedFiles = 0;
  private deferredParses = 0;
  private readonly warned = new Set<string>();

  static async create(connection: Connection, params: InitializeParams): Promise<PsramLensServer> {
    return new PsramLensServer(connection, params, await createCppParser());
  }

  private constructor(
    private readonly connection: Connection,
    private readonly params: InitializeParams,
    private readonly parser: Parser,
  ) {
    const pull = params.capabilities.workspace?.configuration === true;
    this.settings = new SettingsStore(
      pull
        ? (uri) =>
            connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        : null,
      (m) => connection.console.warn(m),
    );
    this.projects = new WorkspaceProjects(workspaceFolders(params));
    this.trees = new TreeCache(parser, TREE_CAPACITY);
    this.scheduler = new AnalysisScheduler(
      (uri) => this.analyze(uri),
      (uri, e) => connection.console.error(`analysing ${uri} failed: ${describeError(e)}`),
    );
    this.dependents = new Debounce(DEPENDENTS_DELAY_MS, () => this.regradeAll());
    this.analyzer = new DocumentAnalyzer(
      this.trees,
      this.projects,
      () => this.dependents.trigger(),
      (message) => {
        this.warnOnce(message);
        void this.connection.window.showWarningMessage(`PSRAM Lens: ${message}`);
      },
    );
    this.workspace = new WorkspaceDiagnostics({
      connection,
      roots: () => workspaceFolders(params),
      isOpen: (uri) => this.docs.has(uri),
      warn: (line) => this.warnOnce(line),
      enabled: async () => (await this.settings.get()).diagnostics.scope === 'workspace',
      gradeSettings: async () => {
        const { noPsramSeverity, hostCode } = await this.settings.get();
        return { noPsramSeverity, hostCode };
      },
    });
    this.register();
    // Decoding device addresses starts addr2line on the workspace's ELF: trusted workspaces only
    // (the extension says which, as it does for the monitor).
    const options = params.initializationOptions as { workspaceTrusted?: unknown } | undefined;
    this.heapSession = registerHeapSession(
      connection,
      this.projects,
      workspaceFolders(params),
      { trusted: options?.workspaceTrusted === true, settings: () => this.settings.get() },
      () => this.workspace.all(),
    );
  }

  initializeResult(): InitializeResult {
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'psram-lens' },
    };
  }

  dispose(): void {
    this.workspace.dispose();
    this.heapSession.dispose();
    this.scheduler.dispose();
    this.dependents.dispose();
    this.trees.dispose();
    this.parser.delete();
  }

  private register(): void {
    const c = this.connection;
    c.onInitialized(() => {
      this.start().catch((e: unknown) => c.console.error(`start failed: ${describeError(e)}`));
    });
    c.onDidOpenTextDocument((p) => this.open(p));
    c.onDidChangeTextDocument((p) => this.change(p));
    c.onDidCloseTextDocument((p) => this.close(p.textDocument.uri));
    c.onDidChangeConfiguration((p) => {
      this.settings.clear((p.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION]);
      this.regradeAll();
      this.workspace.scheduleRefresh();
    });
    c.onDidChangeWatchedFiles((p) => {
      this.filesChanged(p.changes).catch((e: unknown) =>
        c.console.error(`watched files: ${describeError(e)}`),
      );
    });
    onRequest(c, checkWorkspaceRequest, () => this.workspace.refresh());
    onRequest(c, documentFindingsRequest, async ({ uri }) => {
      await this.analyze(uri, true);
      const state = this.docs.get(uri);
      return state?.analyzed ? { version: state.analyzed.version, findings: state.findings } : null;
    });
    onRequest(c, migrationRequest, (scope, token) => planScope(scope, this.migrationHost, token));
    c.onCodeAction(async (params) => {
      const uri = params.textDocument.uri;
      await this.analyze(uri, true);
      const state = this.docs.get(uri);
      // Fix sites are offsets into the analysed text: only that exact text may be rewritten.
      if (!state?.analyzed || state.analyzed.version !== state.doc.version) return [];
      const text = state.doc.getText();
      const settings = await this.settings.get(uri);
      return provideCodeActions(params, { text, uri }, state.findings, settings);
    });
    onRequest(c, serverStatsRequest, () => {
      const mem = process.memoryUsage();
      return {
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        openDocuments: this.docs.size,
        cachedTrees: this.trees.size,
        analyses: this.latency.count,
        analysisP50Ms: this.latency.percentile(50),
        analysisP95Ms: this.latency.percentile(95),
        analysisCpuP95Ms: this.cpu.percentile(95),
        deferredParses: this.deferredParses,
      };
    });
  }

  private readonly migrationHost: MigrationHost = {
    projectRoots: () => this.projects.roots(),
    settings: (path) => this.settings.get(pathToFileURL(path).href),
    analysedDocument: async (uri) => {
      const path = this.docs.get(uri)?.path;
      if (!path) return null;
      const entry = await this.projects.forFile(path);
      await this.analyze(uri, true);
      const state = this.docs.get(uri);
      // Synchronous from here: the findings' offsets belong to this text and version.
      if (!state?.path || state.analyzed?.version !== state.doc.version) return null;
      return {
        path: state.path,
        text: state.doc.getText(),
        version: state.doc.version,
        findings: state.findings,
        root: entry?.project.root ?? null,
      };
    },
  };

  /** After `initialized`: watch settings, find projects, then index them in the background. */
  private async start(): Promise<void> {
    const c = this.connection;
    if (this.params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, {
        section: SETTINGS_SECTION,
      });
    }
    await this.projects.discover();
    for (const p of this.projects.status()) c.console.info(describeProject(p));
    this.state = 'indexing';
    this.regradeAll();
    for (const entry of this.projects.list()) {
      const globs = (await this.settings.get(pathToFileURL(entry.project.root).href)).exclude;
      const result = await indexProject(
        entry.project.root,
        entry.index,
        (path) => this.projects.isExcluded(path, entry, globs),
        (path) => this.isOpenPath(path),
        this.parser,
      );
      this.indexedFiles += result.files;
      for (const e of result.errors) this.warnOnce(e);
    }
    this.state = 'ready';
    c.console.info(`indexed ${this.indexedFiles} project files`);
    this.regradeAll();
    await this.workspace.refresh();
  }

  private open(p: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = p.textDocument;
    if (this.docs.has(uri)) this.close(uri);
    const doc = TextDocument.create(uri, languageId, version, text);
    this.docs.set(uri, newOpenDoc(uri, filePathOf(uri), doc));
    this.scheduler.schedule(uri, 0);
  }

  private change(p: DidChangeTextDocumentParams): void {
    const received = performance.now();
    const state = this.docs.get(p.textDocument.uri);
    if (!state) return;
    const key = keyOf(state);
    const applied = applyChanges(state.doc, p.contentChanges, p.textDocument.version, (edit) =>
      this.trees.edit(key, edit),
    );
    state.doc = applied.doc;
    if (applied.clamped) {
      this.connection.console.warn(
        `${state.uri}: didChange named a position outside the document; clamped, re-parsed in full`,
      );
    }
    if (state.changedAt === null) {
      state.changedAt = received;
      state.changedCpu = process.cpuUsage();
    }
    state.lastChangeAt = received;
    const shiftable = !applied.clamped && p.contentChanges.every(keepsLineBreaks);
    state.changesSinceExact =
      shiftable && state.changesSinceExact
        ? [...state.changesSinceExact, ...p.contentChanges]
        : null;
    this.scheduler.schedule(
      state.uri,
      AnalysisScheduler.delayFor(state.parseCostMs, state.analyzedAt),
    );
  }

  private close(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    this.docs.delete(uri);
    this.scheduler.cancel(uri);
    this.trees.delete(keyOf(state));
    this.workspace.closed(uri);
    // The index held the editor's text; the file on disk speaks for it again.
    const index = state.index;
    if (!index) return;
    if (!state.path) {
      index.delete(keyOf(state));
      this.dependents.trigger();
      return;
    }
    reindexFile(state.path, index, this.parser, (p) => this.isOpenPath(p)).then(
      () => this.dependents.trigger(),
      (e: unknown) => this.connection.console.error(`re-reading ${uri}: ${describeError(e)}`),
    );
  }

  private async filesChanged(changes: FileEvent[]): Promise<void> {
    const paths = changes.map((c) => filePathOf(c.uri)).filter((p): p is string => p !== null);
    const configChanged = await this.projects.configFilesChanged(paths);
    let sourcesChanged = false;
    for (const change of changes) {
      const path = filePathOf(change.uri);
      if (!path || !isCppFile(path) || this.isOpenPath(path)) continue;
      const index = this.projects.indexOf(await this.projects.forFile(path));
      if (change.type === FileChangeType.Deleted) index.delete(path);
      else await reindexFile(path, index, this.parser, (p) => this.isOpenPath(p));
      sourcesChanged = true;
    }
    if (configChanged || sourcesChanged) {
      this.regradeAll();
      this.workspace.scheduleRefresh();
    }
  }

  /**
   * The output channel hears each problem once, however many paths meet it (the project index,
   * the open document and the workspace check all read an oversized file).
   */
  private warnOnce(line: string): void {
    if (this.warned.has(line)) return;
    this.warned.add(line);
    this.connection.console.warn(line);
  }

  private isOpenPath(path: string): boolean {
    for (const d of this.docs.values()) if (d.path === path) return true;
    return false;
  }

  /** Re-grades every open document (their facts are re-used; only changed texts are parsed). */
  private regradeAll(): void {
    this.epoch++;
    this.sendStatus();
    for (const uri of this.docs.keys()) this.scheduler.schedule(uri, 0);
  }

  private sendStatus(): void {
    void sendNotification(this.connection, statusNotification, {
      state: this.state,
      projects: this.projects.status(),
      indexedFiles: this.indexedFiles,
    });
  }

  /**
   * Analyses and publishes. Not `exact`: a slow parse of a large document may be deferred until
   * typing pauses (earlier findings are published, moved along with the edits, meanwhile).
   */
  private async analyze(uri: string, exact = false): Promise<void> {
    const state = this.docs.get(uri);
    if (!state) return;
    const settings = await this.settings.get(uri);
    const entry = state.path ? await this.projects.forFile(state.path) : undefined;
    // Everything below is synchronous: the text, tree and facts belong to one version.
    if (this.docs.get(uri) !== state) return;
    const version = state.doc.version;
    const epoch = this.epoch;
    const same = state.analyzed?.version === version && state.analyzed.epoch === epoch;
    if (same && !state.deferred) return;
    const settled = performance.now() - state.lastChangeAt >= SETTLE_MS;
    state.findings = this.analyzer.findings(state, entry, settings, exact || settled);
    if (state.deferred) {
      this.deferredParses++;
      this.scheduler.schedule(uri, SETTLE_MS);
    }
    state.analyzed = { version, epoch };
    state.analyzedAt = performance.now();
    const diagnostics = state.findings.map(toDiagnostic);
    const published = JSON.stringify(diagnostics);
    if (published !== state.published || state.changedAt !== null) {
      state.published = published;
      void this.connection.sendDiagnostics({ uri, version, diagnostics });
    }
    if (state.changedAt !== null) {
      this.latency.add(performance.now() - state.changedAt);
      const cpu = process.cpuUsage(state.changedCpu);
      this.cpu.add((cpu.user + cpu.system) / 1000);
      state.changedAt = null;
    }
  }
}

/** One line per project for the output channel: what the server found and will grade by. */
function describeProject(p: ServerStatus['projects'][number]): string {
  const psram = p.psram === null ? 'PSRAM unknown' : p.psram ? 'PSRAM on' : 'PSRAM off';
  const malloc =
    p.spiramUseMalloc === true && p.alwaysInternalThreshold !== null
      ? `, malloc > ${p.alwaysInternalThreshold} B to PSRAM`
      : '';
  const from = p.sdkconfigPath ? `from ${p.sdkconfigPath}` : 'no sdkconfig';
  return `project ${p.root}: ${p.target ?? 'target unknown'}, ${psram}${malloc} (${from})`;
}
