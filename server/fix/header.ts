/**
 * The PSRAM allocator header that fixes point at: rendered from templates/psram_shared.hpp.tmpl
 * with the configured namespace. The template ships next to the bundles (dist/templates/, copied
 * by scripts/build.mjs) and sits beside this file when running from source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the generated header, as included by rewritten sources. */
export const HEADER_FILE_NAME = 'psram_shared.hpp';
/** First line of every generated header: the analyzer never reports anything in such a file. */
export const GENERATED_MARKER = '// psram-lens: generated';
export const DEFAULT_NAMESPACE = 'psram';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  'std',
  'namespace',
  'class',
  'struct',
  'template',
  'using',
  'new',
  'delete',
]);

/** Throws when `ns` is not a usable C++ namespace name (`psram`, `app::mem`). */
export function validateNamespace(ns: string): void {
  const parts = ns.split('::');
  for (const part of parts) {
    if (!IDENTIFIER.test(part) || RESERVED.has(part)) {
      throw new Error(`"${ns}" is not a valid C++ namespace name for the PSRAM factory`);
    }
  }
}

let template: string | undefined;

function loadTemplate(): string {
  template ??= readFileSync(join(__dirname, 'templates', `${HEADER_FILE_NAME}.tmpl`), 'utf8');
  return template;
}

/** The header text for a namespace (default `psram`). Line endings are `\n`. */
export function renderHeader(ns: string = DEFAULT_NAMESPACE): string {
  validateNamespace(ns);
  return loadTemplate().replaceAll('{{NS}}', ns);
}

/** True for text produced by renderHeader (any namespace, any line endings). */
export function isGeneratedHeader(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith(GENERATED_MARKER);
}
