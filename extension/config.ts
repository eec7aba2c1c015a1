/**
 * The settings the extension host itself reads: the monitor's command and port (the language
 * server reads, validates and reports all the others; server/config/settings.ts). Without the
 * schema on purpose: zod would be most of dist/extension.js. It does not import `vscode` at run
 * time, so it is tested with a plain object in place of VS Code's configuration.
 *
 * No setting needs a server restart: the server pulls settings per resource and re-grades when
 * they change, and vscode-languageclient applies `psramLens.trace.server` itself.
 */
import { MONITOR_DEFAULTS, SETTINGS_SECTION } from '../server/config/section';

/** What `vscode.workspace.getConfiguration('psramLens')` offers that Config needs. */
export interface ConfigurationSource {
  get(key: string): unknown;
}

export class Config {
  private readonly reported = new Set<string>();

  constructor(
    private readonly sourceFor: () => ConfigurationSource,
    /** Told once about each rejected value (the default is used instead). */
    private readonly onProblem: (problem: string) => void,
  ) {}

  get monitorCommand(): string {
    return this.text('monitor.command', MONITOR_DEFAULTS.command);
  }

  get monitorPort(): string {
    return this.text('monitor.port', MONITOR_DEFAULTS.port);
  }

  private text(key: string, fallback: string): string {
    const value = this.sourceFor().get(key);
    if (value === undefined || typeof value === 'string') return value ?? fallback;
    const problem = `${SETTINGS_SECTION}.${key}: expected a string`;
    if (!this.reported.has(problem)) {
      this.reported.add(problem);
      this.onProblem(`invalid setting ${problem}; using its default`);
    }
    return fallback;
  }
}
