import type { FeatureContext } from '../featureContext';
import type { MonitorController } from '../monitor/monitorController';
import type { HeapPanel } from '../panel/heapPanel';
import type { RuntimeFindings } from '../runtimeFindings';
import type { MigrationOutcomes } from './migrationOutcome';

/** The context as commands see it: every feature, and the server's restart. */
export interface CommandContext extends FeatureContext {
  readonly panel: HeapPanel;
  readonly monitor: MonitorController;
  readonly findings: RuntimeFindings;
  /** How a migration ends: its message, Show Changes and Undo. */
  readonly migrations: MigrationOutcomes;
  restart(): Promise<void>;
}

/** One `psramLens.*` command: its id (as in package.json) and what it runs with the context. */
export interface CommandRow {
  id: `psramLens.${string}`;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
