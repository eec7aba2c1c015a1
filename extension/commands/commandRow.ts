import type { Context } from '../context';

/** One `psramLens.*` command: its id (as in package.json) and what it runs with the context. */
export interface CommandRow {
  id: `psramLens.${string}`;
  run(ctx: Context, ...args: unknown[]): unknown;
}
