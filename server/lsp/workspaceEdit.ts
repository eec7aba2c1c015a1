/**
 * The one WorkspaceEdit builder: migration plans → an LSP WorkspaceEdit, for code actions and for
 * the migration commands alike. The header is created first, then every file's edits follow.
 * Every change carries an annotation (its label in VS Code's refactor preview); none needs
 * confirmation here: whether the user previews is the client's choice.
 */
import { pathToFileURL } from 'node:url';
import type {
  AnnotatedTextEdit,
  ChangeAnnotation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { RuleCode } from '../analysis/findings';
import { LineIndex } from '../analysis/lineIndex';
import { RULES } from '../analysis/rules';
import type { MigrationPlan } from '../fix/migrate';

const HEADER_LABEL = 'Add the PSRAM allocator header';
const CREATED_LABEL = 'Add a component for the PSRAM allocator header';

function labelOf(label: string | undefined): string {
  if (label === 'include') return 'Include the PSRAM allocator header';
  if (label === 'using-declaration') return 'Declare the PSRAM factory in the platform header';
  if (label === 'requirement') return 'Require the PSRAM header component';
  if (label === 'alignment') return 'Keep continuation lines aligned';
  const rule = RULES[label as RuleCode];
  return rule ? `${rule.code}: ${rule.title}` : 'PSRAM Lens';
}

/**
 * `versionOf(path)`: the editor version a file's edits were planned against, or null when they
 * were planned from the file on disk (the client must then make sure the file is saved).
 */
export function workspaceEditOf(
  plans: readonly MigrationPlan[],
  versionOf: (path: string) => number | null = () => null,
): WorkspaceEdit {
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  const annotate = (label: string): string => {
    changeAnnotations[label] ??= { label, needsConfirmation: false };
    return label;
  };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const plan of plans) {
    // The header (and its component's CMakeLists.txt when that is new too) first.
    for (const c of plan.header.create ? [...plan.created, plan.header] : []) {
      const uri = pathToFileURL(c.path).href;
      const annotationId = annotate(c === plan.header ? HEADER_LABEL : CREATED_LABEL);
      documentChanges.push({
        kind: 'create',
        uri,
        options: { ignoreIfExists: true },
        annotationId,
      });
      const start = { line: 0, character: 0 };
      documentChanges.push({
        textDocument: { uri, version: null },
        edits: [{ range: { start, end: start }, newText: c.text, annotationId }],
      });
    }
    for (const f of plan.files) {
      const lines = new LineIndex(f.before);
      const edits: AnnotatedTextEdit[] = f.edits.map((e) => ({
        range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) },
        newText: e.newText,
        annotationId: annotate(labelOf(e.label)),
      }));
      documentChanges.push({
        textDocument: { uri: pathToFileURL(f.file).href, version: versionOf(f.file) },
        edits,
      });
    }
  }
  return { documentChanges, changeAnnotations };
}
