/**
 * The README documents what a user sees: every command in the palette (by its title) and every
 * setting (by its key) is named there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
};

test('the README names every command of the palette', () => {
  const hidden = new Set(
    (pkg.contributes.menus?.commandPalette ?? [])
      .filter((m) => m.when === 'false')
      .map((m) => m.command),
  );
  const missing = pkg.contributes.commands
    .filter((c) => !hidden.has(c.command) && !readme.includes(c.title))
    .map((c) => `${c.command} (${c.title})`);
  assert.deepEqual(missing, []);
});

test('the README names every setting', () => {
  const keys = Object.keys(pkg.contributes.configuration.properties);
  assert.ok(keys.length > 0);
  assert.deepEqual(
    keys.filter((k) => !readme.includes(`\`${k}\``)),
    [],
  );
});
