/**
 * Entry point of the bundled language server (dist/server.js). The transport comes from the
 * command line, as vscode-languageclient passes it: `--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`.
 */
import { setFlagsFromString } from 'node:v8';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { PsramLensServer } from './server';
import { describeError } from '../errors';

// Keep tree-sitter's wasm on V8's baseline compiler: optimising the 3.4 MB grammar costs ~35 MB
// of resident code for ~1.4x faster full parses; keystrokes re-parse incrementally either way.
// Must run before the grammar is compiled (the first `initialize`).
setFlagsFromString('--liftoff-only');

const connection = createConnection(ProposedFeatures.all);
let server: PsramLensServer | undefined;

process.on('unhandledRejection', (e) => {
  connection.console.error(`unhandled rejection: ${describeError(e)}`);
});

connection.onInitialize(async (params) => {
  server = await PsramLensServer.create(connection, params);
  return server.initializeResult();
});

connection.onShutdown(() => {
  server?.dispose();
  server = undefined;
});

connection.listen();
