// The layering rules and the cycle check fail `npm run lint` on a violation: real ESLint with the
// repository's config on probe files written into the tree (typed linting only sees files on
// disk), and scripts/check-cycles.mjs on a small tree with a cycle.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');

/** The restricted-import messages ESLint reports for `text` written at `rel`. */
async function restricted(rel: string, text: string): Promise<string[]> {
  const file = join(root, rel);
  writeFileSync(file, text);
  try {
    const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
    assert.deepEqual(
      result.messages.filter((m) => m.fatal),
      [],
      'the probe did not parse',
    );
    return result.messages
      .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
      .map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
}

const probe = `probe${process.pid}`;

void describe('layering (eslint.config.mjs)', () => {
  test('server/ importing vscode, the client library or extension/ fails lint', async () => {
    const messages = await restricted(
      `server/lsp/${probe}.ts`,
      [
        "import * as vscode from 'vscode';",
        "import { LanguageClient } from 'vscode-languageclient/node';",
        "import { UserError } from '../../extension/context';",
        'export const all = [vscode, LanguageClient, UserError];',
        '',
      ].join('\n'),
    );
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(messages[0], /never imports `vscode`/);
  });

  test('server/analysis importing server/sim fails lint', async () => {
    const messages = await restricted(
      `server/analysis/${probe}.ts`,
      "import { CHIP_PROFILES } from '../sim/chipProfiles';\nexport const p = CHIP_PROFILES;\n",
    );
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /never imports server\/sim/);
  });

  test('media/ may import protocol types, nothing else of the server', async () => {
    assert.deepEqual(
      await restricted(
        `media/panel/${probe}.ts`,
        "import type { HeapSnapshot } from '../../server/protocol/snapshot';\nexport type S = HeapSnapshot;\n",
      ),
      [],
    );
    const messages = await restricted(
      `media/panel/${probe}.ts`,
      [
        "import { statusNotification } from '../../server/protocol/lsp';",
        "import { CHIPS } from '../../server/target/chips';",
        'export const all = [statusNotification, CHIPS];',
        '',
      ].join('\n'),
    );
    assert.equal(messages.length, 2, messages.join('\n'));
  });
});

void describe('import cycles (scripts/check-cycles.mjs)', () => {
  test('npm run lint runs the cycle check', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.match(pkg.scripts.lint, /node scripts\/check-cycles\.mjs/);
  });

  test('a cycle (also through `import type`) fails; the repository has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psram-lens-cycles-'));
    try {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ include: ['*.ts'] }));
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      writeFileSync(
        join(dir, 'b.ts'),
        "import type { c } from './c';\nexport const b: typeof c = 1;\n",
      );
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport const c = 1;\nvoid a;\n");
      const bad = spawnSync(process.execPath, [join(root, 'scripts', 'check-cycles.mjs'), dir], {
        encoding: 'utf8',
      });
      assert.equal(bad.status, 1, bad.stdout + bad.stderr);
      assert.match(bad.stderr, /import cycle: a\.ts ↔ b\.ts ↔ c\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const good = spawnSync(process.execPath, [join(root, 'scripts', 'check-cycles.mjs')], {
      encoding: 'utf8',
    });
    assert.equal(good.status, 0, good.stderr);
  });
});
