// What dist/extension.js may hold (issue 11: the extension host is thin glue): scripts/build.mjs
// fails when this finds a problem; test/scripts/extensionBudget.test.ts proves it does.

/** dist/extension.js, minified, stays under this (activation reads and compiles all of it). */
export const EXTENSION_BUDGET = 150 * 1024;

/** Inputs that must never be in dist/extension.js: the engine, and the client library. */
const ENGINE_ONLY = [
  [
    /node_modules\/vscode-(languageclient|languageserver-protocol|jsonrpc)\//,
    'the client library (it belongs in dist/clientLibrary.js)',
  ],
  [/node_modules\/(web-tree-sitter|tree-sitter-cpp)\//, 'tree-sitter'],
  [/node_modules\/zod\//, 'the settings schema (zod; the server validates settings)'],
  [/^server\/analysis\//, 'the analyzer'],
  [/^server\/fix\//, 'the migration planner'],
  [/^server\/logparse\//, 'the log parser'],
  [/^server\/heap\//, 'the heap model'],
  [/^server\/sim\//, 'the simulator'],
];

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** How `target` got in: the import chain from the entry point (breadth first, so the shortest). */
function chainTo(inputs, entry, target) {
  const from = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const at = queue.shift();
    if (at === target) break;
    for (const i of inputs[at]?.imports ?? []) {
      if (!from.has(i.path) && inputs[i.path]) {
        from.set(i.path, at);
        queue.push(i.path);
      }
    }
  }
  const chain = [];
  for (let at = target; at; at = from.get(at)) chain.unshift(at);
  return chain;
}

/** The problems of `file` in an esbuild metafile: engine inputs (with how they got in), size. */
export function extensionProblems(metafile, file, minifiedBytes) {
  const output = metafile.outputs[file];
  const found = new Map();
  for (const input of Object.keys(output.inputs)) {
    const hit = ENGINE_ONLY.find(([re]) => re.test(input));
    if (hit) found.set(hit, [...(found.get(hit) ?? []), input]);
  }
  const problems = [];
  for (const [[, what], files] of found) {
    const chain = chainTo(metafile.inputs, output.entryPoint, files[0]).join(' → ');
    problems.push(`${file} holds ${what} (${files.length} modules), through ${chain}`);
  }
  if (minifiedBytes > EXTENSION_BUDGET) {
    problems.push(
      `${file} is ${kb(minifiedBytes)} minified, over its ${kb(EXTENSION_BUDGET)} budget`,
    );
  }
  return problems;
}
