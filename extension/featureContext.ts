/**
 * What a feature may use of the context. Context implements it and constructs the features;
 * features depend on this interface, never on Context, so no module imports its owner.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ProjectStatus } from '../server/protocol/lsp';
import type { Config } from './config';
import type { WorkspaceSources } from './workspaceSources';

/** Sets up a feature's handlers on a language client run; they are disposed with that run. */
export type ClientSetup = (client: LanguageClient) => vscode.Disposable[];

export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly config: Config;
  /** Workspace C/C++ files by path suffix: decoded device paths resolve to them. */
  readonly sources: WorkspaceSources;
  /** Runs `setup` on the running client now (if any) and on every client started later. */
  onClient(setup: ClientSetup): void;
  /** The language client, running or still starting (its requests wait for the start). */
  currentClient(): LanguageClient | undefined;
  /** The running language client, or undefined (data for a stopped server is dropped). */
  runningClient(): LanguageClient | undefined;
  /** The running language client; a clear UserError when it is not running. */
  requireClient(): LanguageClient;
  /** The running language client once a start in progress is done; a UserError otherwise. */
  languageClient(): Promise<LanguageClient>;
  /** The ESP-IDF projects the server discovered (waits for its first status after a start). */
  projects(): Promise<ProjectStatus[]>;
  /** The ESP-IDF projects the server last reported (it discovers them; the extension does not). */
  knownProjects(): ProjectStatus[];
}
