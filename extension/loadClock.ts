/**
 * When dist/extension.js began to evaluate: extension.ts imports this first, so the activation
 * figure (exports.ts) includes loading the bundle, not only `activate`.
 */
export const loadStartedAt = performance.now();

/** Set by extension.ts once every module of the bundle has been evaluated. */
export const loadClock = { evaluatedAt: 0 };
