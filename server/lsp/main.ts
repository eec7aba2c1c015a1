/**
 * Entry point of the bundled language server (dist/server.js). The transport comes from the
 * command line, as vscode-languageclient passes it: `--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { PsramLensServer } from './server';
import { describeError } from './uris';

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
