/** Analyzer findings as LSP diagnostics: rule code, a link to the rule's README section, source. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../analysis/findings';
import { ruleDocUrl } from '../analysis/rules';

export const DIAGNOSTIC_SOURCE = 'psram-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a code action needs to find the finding behind a diagnostic again. */
export interface DiagnosticData {
  fixable: boolean;
  estimatedBytes?: number;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { fixable: f.fixable, estimatedBytes: f.estimatedBytes };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    data,
  };
}
