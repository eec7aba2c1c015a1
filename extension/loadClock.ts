/**
 * When dist/extension.js began to evaluate: extension.ts imports this first, so the activation
 * figure (exports.ts) includes loading the bundle and the client library, not only `activate`.
 */
export const loadStartedAt = performance.now();
