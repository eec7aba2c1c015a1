/**
 * Facts of project files that are not open, so a finding in an open document can use what other
 * files say (a class defined in a header gives `sizeof(T)`; a member declared weak_ptr in a header
 * makes `mObserved = mLast;` a PSR005). The same walk and prefilter as `psram-lens check`, so the
 * editor and the CLI see the same facts. Files are parsed one at a time with the server's own
 * parser, yielding to the event loop between files so keystrokes are still answered at once; no
 * worker threads: each would load its own copy of the grammar, and the memory a worker's wasm
 * heap took stays with the process (about +60 MB RSS measured), for a one-off job.
 */
import { readFile } from 'node:fs/promises';
import type { ProjectIndex } from '../analysis/projectIndex';
import { mayHoldFacts } from '../analysis/facts';
import { sizeNotice } from '../analysis/fileLimit';
import { factsOf } from '../analysis/factsPool';
import { definesAny, missingClassNames } from '../analysis/missingClasses';
import type { Parser } from '../analysis/parser';
import { collectSourceFiles, isCppFile } from '../analysis/sourceFiles';

export interface IndexResult {
  files: number;
  /** Unreadable files or folders, one line each. */
  errors: string[];
}

/** Reads every source of the project at `root` into `index`, leaving open documents (they index themselves) alone. */
export async function indexProject(
  root: string,
  index: ProjectIndex,
  excluded: (path: string) => boolean,
  isOpen: (path: string) => boolean,
  parser: Parser,
): Promise<IndexResult> {
  const walk = await collectSourceFiles([root], (f) => Promise.resolve(excluded(f)));
  const errors = [...walk.errors];
  let files = 0;
  /** Files the prefilter passed over: read again only if they define a class a site needs. */
  const others: string[] = [];
  for (const file of walk.files) {
    if (isOpen(file)) continue;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const tooLarge = sizeNotice(file, text);
    if (tooLarge) errors.push(tooLarge);
    if (!tooLarge && !mayHoldFacts(text)) others.push(file);
    if (tooLarge || !mayHoldFacts(text)) continue;
    await new Promise((resolve) => setImmediate(resolve));
    // The document may have been opened meanwhile: then its editor text speaks for it.
    const facts = isOpen(file) ? null : factsOf(parser, text);
    if (facts) {
      index.set(file, facts);
      files++;
    }
  }
  // Sizes in messages: classes the sites name, defined in headers without a smart pointer.
  const missing = missingClassNames(index.all(), index.view());
  for (const file of missing.size ? others : []) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (isOpen(file) || !definesAny(text, missing)) continue;
    await new Promise((resolve) => setImmediate(resolve));
    const facts = factsOf(parser, text);
    if (facts) {
      index.set(file, facts);
      files++;
    }
  }
  return { files, errors };
}

/**
 * A source file changed on disk (or its editor was closed): its facts come from disk again.
 * True when the index may have changed.
 */
export async function reindexFile(
  path: string,
  index: ProjectIndex,
  parser: Parser,
  isOpen: (path: string) => boolean,
): Promise<boolean> {
  if (!isCppFile(path)) return false;
  let text: string | null;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    text = null;
  }
  // Opened (again) while the file was read: the editor's text speaks for it now.
  if (isOpen(path)) return false;
  if (text === null) {
    index.delete(path);
    return true;
  }
  if (sizeNotice(path, text)) {
    index.delete(path);
    return true;
  }
  let wanted = mayHoldFacts(text);
  if (!wanted) {
    // Still wanted when it defines a class the other files' sites need (missingClasses.ts).
    index.delete(path);
    wanted = definesAny(text, missingClassNames(index.all(), index.view()));
  }
  const facts = wanted ? factsOf(parser, text) : null;
  if (facts) index.set(path, facts);
  else index.delete(path);
  return true;
}
