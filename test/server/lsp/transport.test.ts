import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, ensureServerBundle } from './lspClient';

const project = join(__dirname, '../../fixtures/lsp/project');

before(() => ensureServerBundle());

void describe('transports', () => {
  void test('Node IPC (how VS Code starts the server): initialize, open, diagnostics, shutdown', async () => {
    const lsp = await LspClient.start({ workspace: project, transport: 'ipc' });
    try {
      const uri = pathToFileURL(join(project, 'main/scratch.cpp')).href;
      await lsp.open(uri, '#include <memory>\nauto p = std::make_shared<int>(7);\n');
      const d = await lsp.current(uri);
      assert.deepEqual(
        d.diagnostics.map((x) => [x.code, x.range.start.line]),
        [['PSR001', 1]],
      );
    } finally {
      await lsp.stop();
    }
  });

  void test('a C file opened as language "c" outside any workspace project is analysed with unknown config', async () => {
    const lsp = await LspClient.start({ workspace: join(project, 'main') });
    try {
      const uri = 'untitled:Untitled-1';
      await lsp.open(uri, 'auto p = std::make_shared<int>(7);\n', 'c');
      const d = await lsp.current(uri);
      assert.equal(d.diagnostics.length, 1);
      assert.equal(d.diagnostics[0].severity, 2);
    } finally {
      await lsp.stop();
    }
  });
});
