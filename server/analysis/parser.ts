/**
 * web-tree-sitter + the C++ grammar, initialised once per process.
 * The wasm files sit next to the bundle in dist/ (scripts/build.mjs copies them); when the
 * code runs from source (tests, tsx) they are resolved from node_modules instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type { Node, Tree, Edit, Point } from 'web-tree-sitter';
export { Parser, Language };

let loading: Promise<Language> | undefined;

function locate(file: string, fromSource: () => string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : fromSource();
}

/** The C++ language, loading the runtime and grammar on first use. */
export function loadCppLanguage(): Promise<Language> {
  loading ??= (async () => {
    const runtime = locate('tree-sitter.wasm', () =>
      require.resolve('web-tree-sitter/tree-sitter.wasm'),
    );
    await Parser.init({ locateFile: () => runtime });
    const grammar = locate('tree-sitter-cpp.wasm', () =>
      join(dirname(require.resolve('tree-sitter-cpp/package.json')), 'tree-sitter-cpp.wasm'),
    );
    return Language.load(grammar);
  })();
  return loading;
}

/** A new parser for C++. Parsers hold wasm memory: call `delete()` when done. */
export async function createCppParser(): Promise<Parser> {
  const language = await loadCppLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
