/**
 * The scenario format as a JSON Schema (draft 2020-12), generated from the zod schema so editors
 * can validate and complete scenario files (`"$schema": "./schema/scenario.schema.json"`). The shipped
 * copy in examples/scenarios/schema/ (outside the `scenarios/*.json` the panel offers) is checked
 * against this by the tests.
 */
import { z } from 'zod';
import { scenarioSchema } from './scenario';

export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'PSRAM Lens simulator scenario',
  };
}

/** The file's text: 2-space JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
