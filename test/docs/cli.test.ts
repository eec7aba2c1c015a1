/**
 * docs/cli.md documents the whole command line: every verb and every option the program accepts
 * appears there, so a new option cannot ship undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from '../../server/cli/main';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');

test('docs/cli.md names every verb and every option of psram-lens', () => {
  const missing: string[] = [];
  const verbs = buildProgram().commands;
  assert.ok(verbs.length >= 5, 'the program has its verbs');
  for (const verb of verbs) {
    if (!doc.includes(`psram-lens ${verb.name()}`)) missing.push(verb.name());
    for (const option of verb.options) {
      if (option.long && option.long !== '--help' && !doc.includes(option.long)) {
        missing.push(`${verb.name()} ${option.long}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
