/**
 * An independent model of how ESP-IDF's build system gives a component's sources their include
 * directories (docs/reference/build-system.md): a source sees its component's INCLUDE_DIRS and
 * PRIV_INCLUDE_DIRS, plus the INCLUDE_DIRS of every component it REQUIRES or PRIV_REQUIRES, and
 * transitively the INCLUDE_DIRS of what those require publicly (REQUIRES), never what they
 * PRIV_REQUIRE. `main` without REQUIRES/PRIV_REQUIRES requires every other component. Then every
 * source is compiled with `g++ -fsyntax-only` and only the directories it may see.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface IdfComponent {
  name: string;
  dir: string;
  srcs: string[];
  includeDirs: string[];
  privIncludeDirs: string[];
  requires: string[];
  privRequires: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'build' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Arguments of the `idf_component_register(...)` call, keyword → values. */
function registerArgs(text: string): Map<string, string[]> | null {
  const m = /idf_component_register\s*\(([\s\S]*?)\)/.exec(text.replace(/#[^\n]*/g, ''));
  if (!m) return null;
  const out = new Map<string, string[]>();
  let key = '';
  for (const [, quoted, bare] of m[1].matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = quoted ?? bare;
    if (quoted === undefined && /^[A-Z_]+$/.test(word)) {
      key = word;
      out.set(key, out.get(key) ?? []);
    } else out.get(key)?.push(word);
  }
  return out;
}

export function idfComponents(project: string): IdfComponent[] {
  const out: IdfComponent[] = [];
  for (const f of walk(project).filter((x) => basename(x) === 'CMakeLists.txt')) {
    const args = registerArgs(readFileSync(f, 'utf8'));
    if (!args) continue;
    const dir = dirname(f);
    const at = (k: string): string[] => (args.get(k) ?? []).map((d) => join(dir, d));
    const srcDirs = at('SRC_DIRS');
    const excluded = new Set(at('EXCLUDE_SRCS'));
    const srcs = [
      ...at('SRCS'),
      ...srcDirs.flatMap((d) =>
        readdirSync(d)
          .filter((n) => /\.(c|cc|cpp|cxx)$/.test(n))
          .map((n) => join(d, n)),
      ),
    ].filter((f) => !excluded.has(f));
    out.push({
      name: basename(dir),
      dir,
      srcs,
      includeDirs: at('INCLUDE_DIRS'),
      privIncludeDirs: at('PRIV_INCLUDE_DIRS'),
      requires: args.get('REQUIRES') ?? [],
      privRequires: args.get('PRIV_REQUIRES') ?? [],
    });
  }
  return out;
}

/** Include directories a component's sources may use, in ESP-IDF's rules. */
export function visibleIncludeDirs(c: IdfComponent, all: readonly IdfComponent[]): string[] {
  const byName = new Map(all.map((x) => [x.name, x]));
  const direct =
    c.name === 'main' && c.requires.length === 0 && c.privRequires.length === 0
      ? all.filter((x) => x !== c).map((x) => x.name)
      : [...c.requires, ...c.privRequires];
  const seen = new Set<string>();
  const stack = [...direct];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || name === c.name) continue;
    seen.add(name);
    // Only public requirements propagate.
    stack.push(...(byName.get(name)?.requires ?? []));
  }
  return [
    ...c.includeDirs,
    ...c.privIncludeDirs,
    ...[...seen].flatMap((n) => byName.get(n)?.includeDirs ?? []),
  ];
}

/** `-D` flags as ESP-IDF's generated sdkconfig.h defines them (`=y` → 1; `n`/unset: undefined). */
export function sdkconfigDefines(project: string): string[] {
  let text = '';
  try {
    text = readFileSync(join(project, 'sdkconfig'), 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of text.matchAll(/^(CONFIG_\w+)=(.*)$/gm)) {
    if (m[2] === 'y') out.push(`-D${m[1]}=1`);
    else if (m[2] !== 'n' && m[2] !== '') out.push(`-D${m[1]}=${m[2]}`);
  }
  return out;
}

/** Compiles every component source with only the directories it may see; throws with g++'s errors. */
export async function compileIdfProject(
  project: string,
  extra: string[] = [],
  only?: string,
): Promise<number> {
  const all = idfComponents(project);
  const failures: string[] = [];
  let n = 0;
  for (const c of all) {
    const flags = [
      ...sdkconfigDefines(project),
      ...visibleIncludeDirs(c, all).map((d) => `-I${d}`),
    ];
    for (const src of c.srcs.filter((f) => !only || f.endsWith(only))) {
      n++;
      try {
        // -iquote-less on purpose: quoted includes also search the source's own folder, as GCC does.
        await exec('g++', ['-std=c++17', '-fsyntax-only', '-Wall', ...extra, ...flags, src]);
      } catch (e) {
        failures.push(`${relative(project, src)}:\n${(e as { stderr?: string }).stderr ?? e}`);
      }
    }
  }
  if (failures.length) throw new Error(failures.join('\n'));
  return n;
}
