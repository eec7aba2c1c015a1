// Fails when imports between the repository's own modules form a cycle (run by `npm run lint`).
// Uses the TypeScript compiler to resolve every import of the files tsconfig.json includes, exactly
// as tsc does; `import type` counts too, so a type can never hide a cycle that a refactor turns
// into a runtime one. `node scripts/check-cycles.mjs [DIR]` checks another tree (the unit test).
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every cycle among the project's files, each as a list of paths relative to `root`. */
export function findCycles(root) {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new Error(`no tsconfig.json in ${root}`);
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const host = ts.createCompilerHost(parsed.options);
  const own = (f) => !f.includes('/node_modules/') && !f.endsWith('.d.ts');
  const files = parsed.fileNames.filter(own).map((f) => resolve(f));
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(ts.sys.readFile(file) ?? '', true, true);
    const deps = new Set();
    for (const ref of info.importedFiles) {
      const r = ts.resolveModuleName(ref.fileName, file, parsed.options, host).resolvedModule;
      if (r && !r.isExternalLibraryImport && own(r.resolvedFileName)) {
        deps.add(resolve(r.resolvedFileName));
      }
    }
    graph.set(file, [...deps]);
  }
  return stronglyConnected(graph)
    .filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]))
    .map((c) => c.map((f) => relative(root, f)).sort());
}

/** Tarjan's algorithm, iterative (deep import chains must not overflow the stack). */
function stronglyConnected(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, next);
        low.set(v, next);
        next++;
        stack.push(v);
        onStack.add(v);
      }
      const deps = graph.get(v) ?? [];
      if (i < deps.length) {
        frame[1]++;
        const w = deps[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const component = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
  const cycles = findCycles(root);
  for (const c of cycles) console.error(`import cycle: ${c.join(' ↔ ')}`);
  if (cycles.length) {
    console.error(`check-cycles: ${cycles.length} import cycle(s); break them (see DEVELOPING.md)`);
    process.exit(1);
  }
  console.log('check-cycles: no import cycles');
}
