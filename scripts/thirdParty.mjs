// The third-party code shipped in dist/, from esbuild's metafiles (every input file that comes from
// node_modules) plus the wasm files copied next to the bundles: package, version, license and the
// bundles that contain it. scripts/build.mjs writes it to dist/THIRD_PARTY.json; the unit test
// test/supplyChain/bundled.test.ts checks it against package.json's "dependencies" and the lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package folder of a metafile input path (its last node_modules/<name> or /@scope/<name>). */
export function packageDirOf(input) {
  const parts = input.split('/');
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length) return null;
  return parts.slice(0, i + (parts[i + 1].startsWith('@') ? 3 : 2)).join('/');
}

/**
 * @param {string} root the folder the metafile paths are relative to
 * @param {Record<string, {inputs: Record<string, unknown>}>} bundles metafile per bundle name
 * @param {Record<string, string>} assets copied file in dist/ → its package folder (relative to root)
 */
export function thirdPartyManifest(root, bundles, assets) {
  const packages = new Map();
  const add = (dir, where) => {
    const pj = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const key = `${pj.name}@${pj.version}`;
    if (!packages.has(key)) {
      packages.set(key, {
        name: pj.name,
        version: pj.version,
        license: pj.license ?? null,
        in: [],
      });
    }
    const entry = packages.get(key);
    if (!entry.in.includes(where)) entry.in.push(where);
  };
  for (const [bundle, meta] of Object.entries(bundles)) {
    for (const input of Object.keys(meta.inputs)) {
      const dir = packageDirOf(input);
      if (dir) add(dir, `${bundle}.js`);
    }
  }
  for (const [file, dir] of Object.entries(assets)) add(dir, file);
  const list = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of list) p.in.sort();
  return { packages: list };
}
