/**
 * Sites inside `#define` bodies. The grammar keeps a macro's replacement text as one opaque
 * `preproc_arg`, so a body that spells a factory call is parsed again on its own, inside a function
 * wrapper, and its sites are moved back to the document's offsets. A finding is reported once, at
 * the definition (where the fix belongs), not at every expansion.
 */
import type { FileFacts, Site } from './fileFacts';
import { shiftFix } from './findings';
import { type Node, Parser, type Tree } from './parser';

const PREFIX = 'void psram_lens_macro_body() {\n';
const SUFFIX = '\n;}\n';

let parser: Parser | undefined;

/** `body` with what only the preprocessor understands blanked, offsets unchanged. */
function asCode(body: string): string {
  // Line continuations and the `#` / `##` operators: same length, so offsets stay put.
  return body.replace(/\\(?=\r?\n)/g, ' ').replace(/#/g, ' ');
}

/** A macro body as parseable code (inside a function wrapper), and document offset = offset + delta. */
export function macroBodyCode(body: Node): { text: string; delta: number } {
  return { text: PREFIX + asCode(body.text) + SUFFIX, delta: body.startIndex - PREFIX.length };
}

/**
 * Sites and `reset` verdicts of the given macro bodies, in document offsets, each fix marked as
 * lying in a macro definition. `extract` is the file-level fact extractor (no import cycle).
 */
export function macroBodyFacts(
  tree: Tree,
  bodies: Node[],
  extract: (tree: Tree, text: string) => FileFacts,
): Pick<FileFacts, 'sites' | 'pending'> {
  const out: Pick<FileFacts, 'sites' | 'pending'> = { sites: [], pending: [] };
  if (bodies.length === 0) return out;
  parser ??= new Parser();
  parser.setLanguage(tree.language);
  for (const body of bodies) {
    const { text: wrapped, delta } = macroBodyCode(body);
    const sub = parser.parse(wrapped);
    if (!sub) continue;
    try {
      const facts = extract(sub, wrapped);
      out.sites.push(...facts.sites.map((s) => moved(s, delta)));
      for (const p of facts.pending) {
        if (p.kind === 'reset') out.pending.push({ ...p, site: moved(p.site, delta) });
      }
    } finally {
      sub.delete();
    }
  }
  return out;
}

function moved(site: Site, delta: number): Site {
  const out: Site = { ...site, start: site.start + delta, end: site.end + delta, namespaces: [] };
  if (site.fix) {
    out.fix = { ...shiftFix(site.fix, delta), inMacroDefinition: true };
  }
  return out;
}
