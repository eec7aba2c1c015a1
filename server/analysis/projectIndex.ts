/**
 * Facts merged over a project's files: what a finding in one file needs to know about another
 * (a member declared weak_ptr in a header, a class defined elsewhere, a namespace whose platform
 * header declares the PSRAM factory). Files are keyed so the language server can replace one.
 */
import type { AllocatorKind } from './allocators';
import type { ClassShape } from './classShapes';
import type { FileFacts } from './facts';

export class ProjectIndex {
  private readonly files = new Map<string, FileFacts>();
  private merged: Merged | undefined;

  set(key: string, facts: FileFacts): void {
    this.files.set(key, facts);
    this.merged = undefined;
  }

  delete(key: string): void {
    if (this.files.delete(key)) this.merged = undefined;
  }

  get size(): number {
    return this.files.size;
  }

  /** The facts of every file in the index. */
  all(): IterableIterator<FileFacts> {
    return this.files.values();
  }

  /** Facts of all files, with `extra` (the file being analysed) taking the place of its stored version. */
  view(extraKey?: string, extra?: FileFacts): Merged {
    if (extra && extraKey !== undefined && this.files.get(extraKey) !== extra) {
      return merge([...[...this.files].filter(([k]) => k !== extraKey).map(([, f]) => f), extra]);
    }
    this.merged ??= merge([...this.files.values()]);
    return this.merged;
  }
}

export interface Merged {
  classes: Map<string, ClassShape[]>;
  /** Allocator classes by name; two definitions that disagree make it `decides`. */
  allocators: Map<string, AllocatorKind>;
  typeAliases: Map<string, string>;
  sharedNames: Set<string>;
  weakNames: Set<string>;
  madeShared: Set<string>;
  factoryNamespaces: Set<string>;
}

export function merge(all: Iterable<FileFacts>): Merged {
  const m: Merged = {
    classes: new Map(),
    allocators: new Map(),
    typeAliases: new Map(),
    sharedNames: new Set(),
    weakNames: new Set(),
    madeShared: new Set(),
    factoryNamespaces: new Set(),
  };
  for (const f of all) {
    for (const c of f.classes) {
      const list = m.classes.get(c.name) ?? [];
      list.push(c);
      m.classes.set(c.name, list);
    }
    for (const a of f.allocators) {
      const known = m.allocators.get(a.name);
      m.allocators.set(a.name, known && known !== a.kind ? 'decides' : a.kind);
    }
    for (const a of f.typeAliases) {
      if (!m.typeAliases.has(a.name)) m.typeAliases.set(a.name, a.type);
    }
    f.sharedNames.forEach((n) => m.sharedNames.add(n));
    f.weakNames.forEach((n) => m.weakNames.add(n));
    f.madeShared.forEach((n) => m.madeShared.add(n));
    f.factoryNamespaces.forEach((n) => m.factoryNamespaces.add(n));
  }
  return m;
}

/** The class a name denotes from inside `from` namespaces: the innermost enclosing match wins. */
export function lookupClass(m: Merged, name: string, from: string[]): ClassShape | undefined {
  const candidates = m.classes.get(name);
  if (!candidates?.length) return undefined;
  let best: ClassShape | undefined;
  let bestDepth = -1;
  for (const c of candidates) {
    const depth = commonPrefix(c.namespaces, from);
    if (depth === c.namespaces.length && depth > bestDepth) {
      best = c;
      bestDepth = depth;
    }
  }
  return best ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function commonPrefix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
