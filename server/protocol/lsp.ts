/**
 * The custom LSP messages between the extension (client) and the PSRAM Lens language server,
 * all named `psramLens/...`. Standard LSP covers diagnostics and code actions; these cover what
 * LSP has no message for. Imported by both sides so names and payloads cannot drift.
 */
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { notification, request } from './rpc';
import type { Finding, RuleCode } from '../analysis/findings';

/** What the server knows about one ESP-IDF project (from its sdkconfig). */
export interface ProjectStatus {
  root: string;
  /** The file the configuration came from (`sdkconfig`, else `sdkconfig.defaults`), or null. */
  sdkconfigPath: string | null;
  target: string | null;
  psram: boolean | null;
  spiramUseMalloc: boolean | null;
  alwaysInternalThreshold: number | null;
  /** Problems reading the configuration, one line each naming the file. */
  errors: string[];
  /** `esp-idf`, `platformio` or `arduino` (docs/find.md, Project kinds). */
  kind?: string;
  /** What the configuration came from when no sdkconfig did (`arduino-esp32 defaults`). */
  configSource?: string;
  /** What decides device code: `build/compile_commands.json`, `CMakeLists.txt`, or null. */
  build?: string | null;
}

export interface ServerStatus {
  /** `indexing` while project files are being read for cross-file facts (class sizes, members). */
  state: 'starting' | 'indexing' | 'ready';
  projects: ProjectStatus[];
  /** Project files whose facts are known (open documents included). */
  indexedFiles: number;
}

/**
 * Server → client, whenever discovery, an sdkconfig change or indexing changes what the server
 * knows. The extension shows it in the status bar.
 */
export const statusNotification = notification<ServerStatus>('psramLens/status');

export interface DocumentFindingsParams {
  uri: string;
}

export interface DocumentFindings {
  /** The document version the findings belong to. */
  version: number;
  findings: Finding[];
}

/**
 * Client → server: the current findings of an open document, with their fix sites (offsets into
 * that version's text), so a command can rewrite them without re-analysing. `null` when the
 * document is not open, excluded, or not analysed yet.
 */
export const documentFindingsRequest = request<DocumentFindingsParams, DocumentFindings | null>(
  'psramLens/documentFindings',
);

export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  openDocuments: number;
  /** Syntax trees kept for incremental re-parsing (bounded; least recently used are deleted). */
  cachedTrees: number;
  /** Analyses since start, and the server-side time (edit applied → diagnostics sent) they took. */
  analyses: number;
  analysisP50Ms: number;
  analysisP95Ms: number;
  /** The same span in CPU time of the server process (independent of how loaded the machine is). */
  analysisCpuP95Ms: number;
  /**
   * Parses of large documents that ran over their per-keystroke budget: earlier findings, moved
   * along with the edits, were published and the exact analysis ran once typing paused.
   */
  deferredParses: number;
}

/** Client → server: memory and timing of the server process (the benchmark and bug reports read it). */
export const serverStatsRequest = request<void, ServerStats>('psramLens/serverStats');

/**
 * What to migrate: one open document ("Migrate This File"), every project of the workspace
 * ("Migrate Workspace…"), or only the header of one project ("Add PSRAM Allocator Header").
 */
export type MigrationScope =
  { kind: 'file'; uri: string } | { kind: 'workspace' } | { kind: 'header'; root: string };

export interface MigrationSummary {
  /** Rewritten call sites, and the files that hold them. */
  sites: number;
  files: number;
  perRule: Partial<Record<RuleCode, number>>;
  /** Unqualified style only: sites spelled qualified all the same. */
  qualifiedInstead: number;
  /** Sites left as they are (the reason is in `notes`). */
  refused: number;
}

export interface MigrationResult {
  /**
   * Everything as one edit (empty: nothing to do). A text edit whose document version is null was
   * planned from the file on disk: the client applies it only when that file is saved; a number
   * is the editor version it was planned against.
   */
  edit: WorkspaceEdit;
  summary: MigrationSummary;
  /** The PSRAM allocator header of each planned project, and whether the edit creates it. */
  headers: { path: string; create: boolean }[];
  /** One line per site not rewritten or spelled qualified (`file:line: ...`), for the output. */
  notes: string[];
  /** Configuration problems and unreadable files met while planning. */
  warnings: string[];
}

/**
 * Client → server: plan a migration (the same engine as `psram-lens fix`) and return it as one
 * WorkspaceEdit; nothing is written by the server. Cancellable. `null` for a file scope when the
 * document is not open in the server.
 */
export const migrationRequest = request<MigrationScope, MigrationResult | null>(
  'psramLens/migration',
);

/** What a workspace check found, for the "Check Workspace" message. */
export interface WorkspaceCheckSummary {
  findings: number;
  files: number;
  filesScanned: number;
  /** Unreadable files and configuration problems, one line each. */
  problems: string[];
}

/**
 * Client → server: check every project file now and publish the findings of files that are not
 * open (open files are published as they are edited), so Problems shows the whole project.
 */
export const checkWorkspaceRequest = request<void, WorkspaceCheckSummary>(
  'psramLens/checkWorkspace',
);

/** The extension command a quick fix runs after creating the PSRAM header: says once, where it is. */
export const HEADER_CREATED_COMMAND = 'psramLens.headerCreated';
