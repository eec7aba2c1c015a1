/**
 * Entry point of the bundled language server (dist/server.js). The transport comes from the
 * command line, as vscode-languageclient passes it: `--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`.
 */
import { setFlagsFromString } from 'node:v8';
import { inspect } from 'node:util';
import { type Connection, ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { FrameGuard } from './framing';
import { PsramLensServer } from './server';
import { describeError } from '../errors';

// Keep tree-sitter's wasm on V8's baseline compiler: optimising the 3.4 MB grammar costs ~35 MB
// of resident code for ~1.4x faster full parses; keystrokes re-parse incrementally either way.
// Must run before the grammar is compiled (the first `initialize`).
setFlagsFromString('--liftoff-only');

const connection = process.argv.includes('--stdio')
  ? guardedStdioConnection()
  : createConnection(ProposedFeatures.all);
let server: PsramLensServer | undefined;

/**
 * Over stdio the bytes pass the framing guard (server/lsp/framing.ts) first; a stream that breaks
 * the framing ends the server with one line on stderr (the client then restarts it).
 */
function guardedStdioConnection(): Connection {
  const guard = new FrameGuard();
  guard.on('error', (e) => {
    process.stderr.write(`psram-lens server: unusable LSP input stream: ${e.message}; exiting\n`);
    process.exit(1);
  });
  const c = createConnection(ProposedFeatures.all, process.stdin.pipe(guard), process.stdout);
  // stdout carries the protocol: console output goes to the client's log, as with `--stdio`.
  const text = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = console.info = console.debug = (...a: unknown[]) => c.console.log(text(a));
  console.warn = (...a: unknown[]) => c.console.warn(text(a));
  console.error = (...a: unknown[]) => c.console.error(text(a));
  return c;
}

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
