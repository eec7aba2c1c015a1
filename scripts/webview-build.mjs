// esbuild options of the heap panel webview bundle (media/panel/main.ts → dist/webview.js + .css):
// shared by scripts/build.mjs and the browser tests/bench, which build it into a temp folder.
/** @returns {import('esbuild').BuildOptions} */
export function webviewBuild(production) {
  return {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: { webview: 'media/panel/main.ts' },
  };
}
