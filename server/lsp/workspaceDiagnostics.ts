/**
 * Diagnostics for the whole project, as rust-analyzer gives them: files that are not open get the
 * findings `psram-lens check` gives them (the same batch engine, so the two agree), refreshed
 * after indexing, when files or settings change, and on request. Open documents are published by
 * the server's per-keystroke analysis instead; when one closes, its workspace findings come back.
 * `psramLens.diagnostics.scope: "openFiles"` turns this off.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/findings';
import type { GradeSettings } from '../analysis/grading';
import { checkWorkspace } from '../analysis/workspaceCheck';
import type { WorkspaceCheckSummary } from '../protocol/lsp';
import { toDiagnostic } from './diagnostics';
import { Debounce } from './scheduler';

/** Changes on disk come in bursts (a save-all, a branch switch): one refresh after they settle. */
const REFRESH_DELAY_MS = 750;

export interface WorkspaceDiagnosticsDeps {
  connection: Connection;
  /** Workspace folder paths to check. */
  roots: () => string[];
  /** Whether the editor has the document open (then its own analysis publishes it). */
  isOpen: (uri: string) => boolean;
  /** Logs a problem line (once: other paths report the same files). */
  warn: (line: string) => void;
  /** Whether workspace-wide diagnostics are on (`psramLens.diagnostics.scope`). */
  enabled: () => Promise<boolean>;
  /** The grading settings (`noPsramSeverity`, `hostCode`) the open documents use too. */
  gradeSettings: () => Promise<GradeSettings>;
}

export class WorkspaceDiagnostics {
  /** The last check's findings per file URI (closed and open files alike). */
  private findings = new Map<string, Finding[]>();
  /** URIs this class published non-empty diagnostics for (to clear them when they go away). */
  private readonly published = new Set<string>();
  private readonly debounce: Debounce;
  private running: Promise<WorkspaceCheckSummary> | null = null;

  constructor(private readonly deps: WorkspaceDiagnosticsDeps) {
    this.debounce = new Debounce(REFRESH_DELAY_MS, () => void this.refresh());
  }

  /** Something on disk or in the settings changed: refresh once things settle. */
  scheduleRefresh(): void {
    this.debounce.trigger();
  }

  /** Checks the workspace now (one run at a time; a request during a run gets the next run). */
  refresh(): Promise<WorkspaceCheckSummary> {
    if (this.running) return this.running.then(() => this.refresh());
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The last check's findings, by file path. */
  all(): { path: string; findings: Finding[] }[] {
    return [...this.findings].map(([uri, findings]) => ({ path: fileURLToPath(uri), findings }));
  }

  /** A document closed: its workspace findings speak for it again (or nothing, when off). */
  closed(uri: string): void {
    const findings = this.findings.get(uri) ?? [];
    this.send(uri, findings);
    // The editor may have saved changes: the next refresh reads the file from disk.
    this.scheduleRefresh();
  }

  dispose(): void {
    this.debounce.dispose();
  }

  private async run(): Promise<WorkspaceCheckSummary> {
    const c = this.deps.connection;
    // No folder open: nothing is a project file (never fall back to the server's cwd).
    if (this.deps.roots().length === 0 || !(await this.deps.enabled())) {
      this.findings.clear();
      for (const uri of [...this.published]) if (!this.deps.isOpen(uri)) this.send(uri, []);
      return { findings: 0, files: 0, filesScanned: 0, problems: [] };
    }
    const started = performance.now();
    const result = await checkWorkspace({
      paths: this.deps.roots(),
      settings: await this.deps.gradeSettings(),
    });
    const next = new Map<string, Finding[]>();
    for (const r of result.results) next.set(pathToFileURL(r.file).href, r.findings);
    for (const uri of this.published) {
      if (!next.has(uri) && !this.deps.isOpen(uri)) this.send(uri, []);
    }
    for (const [uri, findings] of next) if (!this.deps.isOpen(uri)) this.send(uri, findings);
    this.findings = next;
    const count = result.results.reduce((n, r) => n + r.findings.length, 0);
    const problems = [...result.errors, ...result.warnings];
    for (const p of problems) this.deps.warn(p);
    c.console.info(
      `workspace check: ${count} findings in ${result.results.length} files ` +
        `(${result.filesScanned} scanned, ${Math.round(performance.now() - started)} ms)`,
    );
    return {
      findings: count,
      files: result.results.length,
      filesScanned: result.filesScanned,
      problems,
    };
  }

  private send(uri: string, findings: Finding[]): void {
    if (findings.length) this.published.add(uri);
    else this.published.delete(uri);
    void this.deps.connection.sendDiagnostics({ uri, diagnostics: findings.map(toDiagnostic) });
  }
}
