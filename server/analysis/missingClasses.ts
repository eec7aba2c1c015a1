/**
 * Classes the sizes in messages need but no indexed file defines. The prefilter only parses files
 * that mention a smart pointer, so `struct Frame` in its own header is not indexed; a file that
 * fails the prefilter is parsed after all when it defines a class a site (or a field of one) needs.
 */
import type { FileFacts } from './facts';
import { layoutOf } from './layout';
import { type Merged, lookupClass } from './projectIndex';

/** Names `layoutOf` asked for and did not find, over every site of the given files. */
export function missingClassNames(files: Iterable<FileFacts>, project: Merged): Set<string> {
  const missing = new Set<string>();
  for (const f of files) {
    for (const site of [...f.sites, ...f.pending.map((p) => p.site)]) {
      if (!site.typeText) continue;
      layoutOf(site.typeText, site.namespaces, (name, from) => {
        const found = lookupClass(project, name, from) ?? project.typeAliases.get(name);
        if (found === undefined) missing.add(name);
        return found;
      });
    }
  }
  return missing;
}

/** Whether `text` defines (`struct X {`, `class X : Base {`, `using X = …;`) one of `names`. */
export function definesAny(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  for (const m of text.matchAll(
    /\b(?:struct|class)\s+([A-Za-z_]\w*)[^;{()]*\{|\busing\s+([A-Za-z_]\w*)\s*=/g,
  )) {
    if (names.has(m[1] ?? m[2])) return true;
  }
  return false;
}
