/**
 * The language client: starts the bundled server (dist/server.js) as a Node module over IPC for
 * C and C++ files on disk, and forwards file events the server needs (sdkconfig changes re-grade
 * every open document; CMakeLists.txt changes may add a project; source changes update the index).
 */
import * as vscode from 'vscode';
import type {
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
} from 'vscode-languageclient/node';

const WATCHED =
  '**/{sdkconfig,sdkconfig.*,CMakeLists.txt,platformio.ini,compile_commands.json,*.c,*.cc,*.cpp,*.cxx,*.c++,*.h,*.hh,*.hpp,*.hxx,*.h++,*.ipp,*.inl,*.tpp,*.ino}';

export interface ClientParts {
  client: LanguageClient;
  /** Disposed with the client's run (the client does not own it). */
  watcher: vscode.FileSystemWatcher;
}

/**
 * Loads the client library (dist/clientLibrary.js, ~0.4 MB) only now, after activation returned:
 * activation itself never pays for it.
 */
export async function createClient(
  extensionUri: vscode.Uri,
  output: vscode.LogOutputChannel,
  middleware?: Middleware,
): Promise<ClientParts> {
  // A plain require (esbuild points it at dist/clientLibrary.js): the extension host is CommonJS,
  // and a dynamic import() of that bundle would not see its named exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
  const { LanguageClient, TransportKind } = lib;
  const module = vscode.Uri.joinPath(extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cpp' },
      { scheme: 'file', language: 'c' },
      // Arduino sketches (VS Code may name their language `arduino` or leave it plain text).
      { scheme: 'file', pattern: '**/*.ino' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    // The server decodes device addresses (starting addr2line) only in trusted workspaces.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    middleware,
  };
  // The id `psramLens` makes the client read `psramLens.trace.server` by itself.
  const client = new LanguageClient('psramLens', 'PSRAM Lens', serverOptions, clientOptions);
  return { client, watcher };
}
