/**
 * Typed, synchronous access to the `psramLens.*` settings in the extension host, validated by the
 * same schema the server uses (server/config/settings.ts). It does not import `vscode` at run time,
 * so it is tested with a plain object in place of VS Code's configuration.
 *
 * No setting needs a server restart: the server pulls settings per resource and re-grades when
 * they change, and vscode-languageclient applies `psramLens.trace.server` itself.
 */
import {
  SETTINGS_SECTION,
  type Settings,
  nestSettings,
  parseSettings,
  settingLeaves,
} from '../server/config/settings';

/** What `vscode.workspace.getConfiguration('psramLens', scope)` offers that Config needs. */
export interface ConfigurationSource {
  get(key: string): unknown;
}

export interface ConfigurationChange {
  affectsConfiguration(section: string): boolean;
}

export class Config<Scope = unknown> {
  private readonly keys = settingLeaves().map((l) => l.key);
  private readonly reported = new Set<string>();

  constructor(
    private readonly sourceFor: (scope?: Scope) => ConfigurationSource,
    /** Told once about each rejected value (the default is used instead). */
    private readonly onProblem: (problem: string) => void,
  ) {}

  /** Every setting as it applies to `scope` (a document or folder), or window-wide. */
  settings(scope?: Scope): Settings {
    const source = this.sourceFor(scope);
    const { settings, problems } = parseSettings(
      nestSettings(this.keys.map((k) => [k, source.get(k)])),
    );
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.onProblem(`invalid setting ${p}; using its default`);
    }
    return settings;
  }

  get monitorCommand(): string {
    return this.settings().monitor.command;
  }

  get monitorPort(): string {
    return this.settings().monitor.port;
  }

  get traceServer(): Settings['trace']['server'] {
    return this.settings().trace.server;
  }

  fixStyle(scope?: Scope): Settings['fix']['style'] {
    return this.settings(scope).fix.style;
  }

  factoryNamespace(scope?: Scope): string {
    return this.settings(scope).factory.namespace;
  }

  headerPath(scope?: Scope): string {
    return this.settings(scope).header.path;
  }

  static affects(change: ConfigurationChange): boolean {
    return change.affectsConfiguration(SETTINGS_SECTION);
  }
}
