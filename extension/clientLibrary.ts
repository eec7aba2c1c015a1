/**
 * The client library (vscode-languageclient and the LSP protocol and JSON-RPC it re-exports) as its
 * own bundle, dist/clientLibrary.js: it minifies to ~0.4 MB, more than twice the budget of
 * dist/extension.js. scripts/build.mjs points every import of these packages in the extension at
 * that file, so the extension and its client share one copy and the size report shows each.
 */
export * from 'vscode-languageclient/node';
