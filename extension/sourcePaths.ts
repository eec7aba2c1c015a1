/**
 * Decoded caller paths are the BUILD machine's absolute paths (`/home/ci/proj/main/track.cpp`,
 * `C:\\esp\\proj\\main\\track.cpp`); the workspace may live anywhere. A decoded path maps to the
 * workspace file that shares the longest run of trailing path components with it (at least the
 * file name); ties are ambiguous and map to nothing rather than to a guess.
 */
function components(path: string): string[] {
  return path.split(/[\\/]+/).filter((c) => c !== '' && c !== '.');
}

function sharedSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Index of workspace files by file name, for many lookups against one workspace listing. */
export class SuffixIndex {
  private readonly byName = new Map<string, { path: string; parts: string[] }[]>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      const parts = components(path);
      const name = parts[parts.length - 1];
      if (!name) continue;
      const list = this.byName.get(name) ?? [];
      list.push({ path, parts });
      this.byName.set(name, list);
    }
  }

  /** The workspace path for a decoded path, or null when none or several match equally well. */
  match(decoded: string): string | null {
    const parts = components(decoded);
    const list = this.byName.get(parts[parts.length - 1] ?? '');
    if (!list) return null;
    let best: string | null = null;
    let bestScore = 0;
    let tie = false;
    for (const c of list) {
      const score = sharedSuffix(parts, c.parts);
      if (score > bestScore) {
        best = c.path;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) {
        tie = true;
      }
    }
    return tie ? null : best;
  }
}
