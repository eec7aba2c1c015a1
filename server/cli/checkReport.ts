/** The three output forms of `psram-lens check`: compiler-style text, the contract's JSON, SARIF 2.1.0. */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../analysis/findings';
import { RULE_CODES } from '../analysis/findings';
import { RULES, ruleDocUrl } from '../analysis/rules';
import type { CheckResult } from '../analysis/workspaceCheck';
import { displayPath } from '../analysis/sourceFiles';

interface Flat {
  file: string;
  f: Finding;
}

function flat(r: CheckResult): Flat[] {
  return r.results.flatMap((x) => x.findings.map((f) => ({ file: displayPath(x.file), f })));
}

/** `file:line:column: severity: message [CODE]`, the form compilers use. */
export function textReport(r: CheckResult): string {
  const lines = flat(r).map(
    ({ file, f }) =>
      `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message} [${f.code}]`,
  );
  const n = lines.length;
  const files = r.results.length;
  lines.push(
    n === 0
      ? `no findings in ${r.filesScanned} files`
      : `${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${r.filesScanned} scanned)`,
  );
  return lines.join('\n') + '\n';
}

export function jsonReport(r: CheckResult): object {
  const p = r.projects[0];
  const c = p?.config ?? r.fallbackConfig;
  return {
    version: 1,
    project: {
      root: p ? displayPath(p.root) : null,
      target: c.target ?? c.targetName,
      psram: c.psram,
      spiramUseMalloc: c.spiramUseMalloc,
      alwaysInternalThreshold: c.alwaysInternalThreshold,
      sdkconfig: p?.sdkconfigPath ? displayPath(p.sdkconfigPath) : null,
    },
    projects: r.projects.map((x) => ({
      root: displayPath(x.root),
      target: x.config.target ?? x.config.targetName,
      psram: x.config.psram,
      // Extras beyond the contract: what kind of project, where its configuration and build facts came from.
      kind: x.kind ?? 'esp-idf',
      environment: x.environment,
      config: x.sdkconfigPath ? displayPath(x.sdkconfigPath) : (x.configSource ?? null),
      build: x.build && x.build.origin !== 'none' ? x.build.from : null,
    })),
    filesScanned: r.filesScanned,
    findings: flat(r).map(({ file, f }) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      code: f.code,
      severity: f.severity,
      message: f.message,
      fixable: f.fixable,
      ...(f.estimatedBytes !== undefined ? { estimatedBytes: f.estimatedBytes } : {}),
    })),
  };
}

const SARIF_LEVEL: Record<Severity, Result.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export function sarifReport(r: CheckResult, version: string): Log {
  const rules: ReportingDescriptor[] = RULE_CODES.map((code) => ({
    id: code,
    name: RULES[code].anchor,
    shortDescription: { text: RULES[code].title },
    fullDescription: { text: RULES[code].description },
    helpUri: ruleDocUrl(code),
    defaultConfiguration: { level: code === 'PSR005' ? 'note' : 'warning' },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'psram-lens',
            version,
            informationUri: ruleDocUrl('PSR001').split('#')[0],
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: flat(r).map(({ file, f }) => ({
          ruleId: f.code,
          ruleIndex: RULE_CODES.indexOf(f.code),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: file },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
