// Fixed locations the end-to-end layer shares: the repository, the example project, build outputs.
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const exampleProject = join(repoRoot, 'examples', 'webrtc-streamer');
export const testResults = join(repoRoot, 'test-results');
/** The VSIX `npm run package` writes. */
export const vsixPath = join(repoRoot, 'dist-vsix', 'psram-lens.vsix');
/** Where scripts/build-e2e.mjs puts the bundled extension-host suite. */
export const suiteIndex = join(repoRoot, 'dist-test', 'suite', 'index.js');
