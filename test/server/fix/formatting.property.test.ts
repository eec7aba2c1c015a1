/**
 * Property tests: files with random formatting (spaces, tabs, comments, line breaks inside the
 * call, CRLF or LF, BOM, trailing spaces) migrate to exactly the text built independently here,
 * so every byte outside the callee names is kept, and a second migration changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { file, render } from './formattingGen';
import { migrateText, planText } from './helpers';

test('byte-exact outside the rewritten names, whatever the formatting', async () => {
  await fc.assert(
    fc.asyncProperty(file, async (g) => {
      const before = render(g, (c) => c, '');
      const after = await migrateText(before);
      assert.equal(
        after,
        render(g, () => 'psram::make_shared', `#include "psram_shared.hpp"${g.eol}`),
      );
    }),
    { numRuns: 40 },
  );
});

test('a second migration changes nothing (both styles)', async () => {
  await fc.assert(
    fc.asyncProperty(
      file,
      fc.constantFrom('qualified' as const, 'unqualified' as const),
      async (g, style) => {
        const once = await migrateText(
          render(g, (c) => c, ''),
          style,
        );
        const again = await planText(once, style);
        assert.equal(again.files.length, 0);
        assert.equal(again.sites, 0);
      },
    ),
    { numRuns: 30 },
  );
});
