/**
 * The heap panel feature: one object owning the panel store, the view provider, the log pipeline,
 * the monitor controller, the runtime findings and the workspace source index. Created once by
 * `activateHeapPanel(ctx)`; the command table reaches it through `heapPanel(ctx)`.
 */
import * as vscode from 'vscode';
import type { Chip } from '../../server/target/chips';
import { findProjects, type IdfProject } from '../../server/project/discovery';
import type { PanelCommand, SimSlot } from '../../server/protocol/webview';
import type { Context } from '../context';
import { LogPipeline } from '../monitor/logPipeline';
import { MonitorController } from '../monitor/monitorController';
import { RuntimeFindings } from '../runtimeFindings';
import { HEAP_VIEW_ID, HeapPanelProvider } from './heapPanelProvider';
import { PanelStore, type PanelState } from './panelStore';
import { builtInScenarios, projectDefaults, runScenarioText, scenarioEntries } from './simulation';
import { WorkspaceSources } from './workspaceSources';

export class HeapPanelFeature implements vscode.Disposable {
  readonly store = new PanelStore();
  readonly provider: HeapPanelProvider;
  readonly monitor: MonitorController;
  readonly findings: RuntimeFindings;
  private readonly sources = new WorkspaceSources();
  private readonly pipeline: LogPipeline;
  private project: IdfProject | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Context) {
    this.findings = new RuntimeFindings(this.sources, () => this.store.allocations());
    this.pipeline = new LogPipeline(this.store, (events) => {
      this.provider.changed();
      this.findings.feed(events);
    });
    this.provider = new HeapPanelProvider(ctx.extension.extensionUri, this.store, {
      command: (c) => void this.command(c),
      runScenario: (slot, text) => this.runScenario(slot, text),
      openSource: (file, line) => void this.sources.open(file, line),
      log: (m) => ctx.output.warn(m),
    });
    this.monitor = new MonitorController(
      {
        begin: (source, label) => {
          this.findings.clear();
          this.provider.post(this.pipeline.begin(source, label, this.chip()));
        },
        push: (chunk) => this.pipeline.push(chunk),
        end: () => {
          this.pipeline.end();
          this.provider.changed();
          void this.findings.update();
        },
        status: (s) => this.provider.post(this.store.setStatus(s)),
        cwd: () => this.project?.root ?? this.workspaceRoot(),
      },
      () => ({ command: ctx.config.monitorCommand, port: ctx.config.monitorPort }),
      ctx.extension.extensionMode === vscode.ExtensionMode.Test,
      (m) => ctx.output.warn(m),
    );
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(HEAP_VIEW_ID, this.provider),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this.findings),
      this.provider,
      this.monitor,
      this.findings,
      this.sources,
    );
    void this.loadProject();
  }

  /** Reveals an allocation row in the panel (runtime-finding links). */
  reveal(rowId: unknown): Promise<void> {
    return this.provider.reveal(typeof rowId === 'number' ? rowId : -1);
  }

  clear(): void {
    this.findings.clear();
    this.provider.post(this.pipeline.begin('none', '', this.chip()));
  }

  /** For tests (E2E): the host model and what the webview acknowledged. */
  panelState(): PanelState {
    return this.store.state();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private chip(): Chip | null {
    return this.project?.config.target ?? null;
  }

  private workspaceRoot(): string {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  }

  private async command(c: PanelCommand): Promise<void> {
    switch (c) {
      case 'startMonitor':
        return this.monitor.start();
      case 'stopMonitor':
        return this.monitor.stop();
      case 'followLogFile':
        return this.monitor.follow();
      case 'openLogFile':
        return this.monitor.openFile();
      case 'clear':
        return this.clear();
      default: {
        const unknown: never = c;
        this.ctx.output.warn(`unknown panel command ${String(unknown)}`);
      }
    }
  }

  private runScenario(slot: SimSlot, text: string): void {
    try {
      const run = runScenarioText(text);
      this.store.sim.runs[slot] = run;
      this.provider.post({ type: 'simResult', slot, run });
    } catch (e) {
      this.provider.post({ type: 'simError', slot, message: (e as Error).message });
    }
  }

  private async loadProject(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    this.project = (await findProjects(roots))[0] ?? null;
    const root = this.workspaceRoot();
    const files = await vscode.workspace.findFiles(
      '{**/scenarios/*.json,**/*.scenario.json}',
      '{**/node_modules/**,**/build/**}',
      200,
    );
    this.store.sim.scenarios = [
      ...builtInScenarios(this.chip()),
      ...scenarioEntries(
        files.map((f) => f.fsPath),
        root,
      ),
    ];
    this.store.sim.defaults = projectDefaults(this.project, this.project?.root ?? root);
  }
}

const features = new WeakMap<Context, HeapPanelFeature>();

export function activateHeapPanel(ctx: Context): vscode.Disposable[] {
  const feature = new HeapPanelFeature(ctx);
  features.set(ctx, feature);
  return [feature];
}

/** The feature of this context (command rows); activation created it. */
export function heapPanel(ctx: Context): HeapPanelFeature {
  const f = features.get(ctx);
  if (!f) throw new Error('the heap panel is not activated');
  return f;
}
