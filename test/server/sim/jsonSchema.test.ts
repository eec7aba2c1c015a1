import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { scenarioJsonSchema } from '../../../server/sim/jsonSchema';

const dir = join(__dirname, '..', '..', '..', 'examples', 'scenarios');
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;

describe('scenario JSON Schema for editors', () => {
  test('examples/scenarios/schema/scenario.schema.json matches the zod schema', () => {
    assert.deepEqual(
      read('schema/scenario.schema.json'),
      scenarioJsonSchema(),
      'regenerate: node --import tsx -e "process.stdout.write(require(\'./server/sim/jsonSchema.ts\').scenarioJsonSchemaText())" > examples/scenarios/schema/scenario.schema.json',
    );
  });

  test('every shipped scenario validates against it and points to it', () => {
    const validate = new Ajv2020({ strict: false }).compile(scenarioJsonSchema());
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const doc = read(f) as Record<string, unknown>;
      assert.ok(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`);
      assert.equal(doc.$schema, './schema/scenario.schema.json');
    }
    assert.equal(validate({ chip: 'esp8266', steps: [] }), false);
  });
});
