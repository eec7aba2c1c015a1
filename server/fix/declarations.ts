/** The using-declarations, using-directives, namespace aliases and factory declarations of a file. */
import { type Declarations, collectDeclaration } from '../analysis/lookup';
import type { Tree } from '../analysis/parser';

export function declarationsOf(tree: Tree, text: string): Declarations {
  const decls: Declarations = { usings: [], aliases: [], factories: [] };
  // A factory name followed by `<` is a call (std's factories always take the type explicitly),
  // never a declaration: skipping those keeps this linear in practice (one tree lookup each).
  for (const m of text.matchAll(
    /\b(?:using|namespace|(?:make_shared|allocate_shared)(?!\s*<))\b/g,
  )) {
    const node = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    if (node && node.startIndex === m.index && node.endIndex === m.index + m[0].length) {
      collectDeclaration(node, decls);
    }
  }
  return decls;
}
