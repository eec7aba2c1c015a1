/**
 * dist/languageClient.js (extension/languageClient.ts), loaded on first use rather than with
 * dist/extension.js, so activation does not parse ~0.4 MB of client library.
 */
import type * as ClientLibrary from './languageClient';

export function clientLibrary(): typeof ClientLibrary {
  // A plain require: scripts/build.mjs keeps './languageClient.js' outside dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./languageClient.js') as typeof ClientLibrary;
}
