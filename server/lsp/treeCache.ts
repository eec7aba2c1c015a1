/**
 * Syntax trees per open document, re-parsed incrementally: edits are applied to the cached tree
 * as they arrive (`tree.edit`), and the next parse passes the edited tree as the old tree so
 * tree-sitter re-uses every unchanged subtree. Trees live in wasm memory that the JS garbage
 * collector never frees, so each replaced or evicted tree is deleted explicitly, and the cache
 * is bounded (least recently parsed trees go first; their documents are parsed afresh if edited).
 */
import type { Edit, Parser, Tree } from '../analysis/parser';

export class TreeCache {
  /** Map order is recency order: the first entry is the least recently parsed. */
  private readonly trees = new Map<string, Tree>();

  constructor(
    private readonly parser: Parser,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.trees.size;
  }

  has(key: string): boolean {
    return this.trees.has(key);
  }

  /** Records an edit on the cached tree; `null` (a whole-text replacement) drops the tree. */
  edit(key: string, edit: Edit | null): void {
    const tree = this.trees.get(key);
    if (!tree) return;
    if (edit) tree.edit(edit);
    else this.delete(key);
  }

  /**
   * The tree of `text`, re-using the cached (edited) tree. Valid until the next call for this key.
   * With a budget, a parse that takes longer is abandoned and null returned; the edited tree stays
   * cached for the next attempt. (An unclosed `<` or `(` can make tree-sitter re-parse everything
   * after it, in error recovery, as slowly as a full parse.)
   */
  parse(key: string, text: string): Tree;
  parse(key: string, text: string, budgetMs: number | undefined): Tree | null;
  parse(key: string, text: string, budgetMs?: number): Tree | null {
    const old = this.trees.get(key) ?? null;
    const deadline = performance.now() + (budgetMs ?? Infinity);
    const tree =
      budgetMs === undefined
        ? this.parser.parse(text, old)
        : this.parser.parse(text, old, { progressCallback: () => performance.now() > deadline });
    if (!tree) {
      // Without a reset the parser would resume this abandoned parse on its next call.
      this.parser.reset();
      if (budgetMs !== undefined) return null;
      throw new Error(`tree-sitter returned no tree for ${key}`);
    }
    if (old) {
      old.delete();
      this.trees.delete(key);
    }
    this.trees.set(key, tree);
    this.evict();
    return tree;
  }

  delete(key: string): void {
    this.trees.get(key)?.delete();
    this.trees.delete(key);
  }

  dispose(): void {
    for (const tree of this.trees.values()) tree.delete();
    this.trees.clear();
  }

  private evict(): void {
    for (const key of this.trees.keys()) {
      if (this.trees.size <= this.capacity) return;
      this.delete(key);
    }
  }
}
