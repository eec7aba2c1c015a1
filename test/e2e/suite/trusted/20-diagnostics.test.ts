import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkProject } from '../cliOracle';
import { expectDiagnostics } from '../expectDiagnostics';
import { lensDiagnostics, openDocument, workspaceRoot, wsUri } from '../helpers';
import { report } from '../report';

const rules = ['PSR001', 'PSR002', 'PSR003', 'PSR004', 'PSR005'];

describe('diagnostics on the example project', () => {
  const root = () => workspaceRoot().fsPath;

  it('match psram-lens check for every file, covering PSR001 to PSR005', async () => {
    const findings = checkProject(root());
    for (const code of rules) {
      assert.ok(
        findings.some((f) => f.code === code),
        `the example project shows no ${code}`,
      );
    }
    const files = [...new Set(findings.map((f) => f.file))].sort();
    const t0 = Date.now();
    for (const file of files) await openDocument(file);
    for (const file of files) await expectDiagnostics(file, findings);
    report(
      `    figure: diagnostics for ${files.length} files settled ${Date.now() - t0} ms after opening`,
    );
  });

  it('carry the code, a link to the rule, and the source psram-lens', async () => {
    const doc = await openDocument('main/peer_connection.cpp');
    const ds = lensDiagnostics(doc.uri);
    assert.ok(ds.length > 0);
    for (const d of ds) {
      assert.ok(
        typeof d.code === 'object' && d.code !== null,
        'code carries a codeDescription link',
      );
      const code = d.code as { value: string | number; target: vscode.Uri };
      assert.match(String(code.value), /^PSR00[1-5]$/);
      assert.ok(code.target.toString().length > 0);
    }
  });

  it('say what the sdkconfig means for placement (threshold, target)', async () => {
    const findings = checkProject(root());
    // The example's sdkconfig: PSRAM for malloc with CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=16384.
    const placement = findings.filter((f) => f.code !== 'PSR005');
    assert.ok(placement.length > 0);
    for (const f of placement) {
      const d = lensDiagnostics(wsUri(f.file)).find(
        (x) =>
          x.range.start.line + 1 === f.line &&
          String((x.code as { value: string }).value) === f.code,
      );
      assert.ok(d, `no diagnostic for ${f.file}:${f.line} ${f.code}`);
      assert.match(d.message, /16384/, `${f.code} message does not name the sdkconfig threshold`);
      assert.match(d.message, /internal RAM/i);
    }
  });
});
