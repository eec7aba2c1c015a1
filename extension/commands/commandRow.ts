import type { Context } from '../context';

/** One row of the command table (extension/commands.ts): ids match package.json `contributes.commands`. */
export interface CommandRow {
  id: `psramLens.${string}`;
  run(ctx: Context, ...args: unknown[]): unknown;
}
