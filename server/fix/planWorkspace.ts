/**
 * Findings → migration plans for files and folders, one plan per ESP-IDF project (each has its own
 * header location, platform header and include paths). Shared by `psram-lens fix` and the
 * editor's migration commands; nothing is written here.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { displayPath, excludeMatcher, projectExcludes } from '../analysis/sourceFiles';
import { checkWorkspace } from '../analysis/workspaceCheck';
import { projectForFile } from '../project/discovery';
import { type FixOptions, type MigrationPlan, type TargetFile, planMigration } from './migrate';
import { loadProjectSources } from './projectSources';
import { vendoredMatcher } from './vendored';
import { isReadOnlyMode } from './writeFiles';

export interface WorkspaceFixOptions extends FixOptions {
  /** Migrate vendored code too (`psramLens.fix.includeVendored`). */
  includeVendored?: boolean;
}

export interface RefusedFile {
  file: string;
  /** Why it is not rewritten although it has fixable findings. */
  reason: string;
}

export interface WorkspacePlan {
  plans: MigrationPlan[];
  /** Unreadable inputs (the CLI reports them, carries on and exits 2). */
  errors: string[];
  /** Configuration problems. */
  warnings: string[];
  /** Files with fixable findings that are not rewritten (not exact UTF-8, read-only). */
  refused: RefusedFile[];
  /** Files with fixable findings left alone because they are vendored (not refused: by design). */
  vendored: RefusedFile[];
}

function readOnly(file: string): boolean {
  try {
    return isReadOnlyMode(statSync(file).mode);
  } catch {
    return false;
  }
}

export async function planWorkspace(
  paths: string[],
  optionsFor: (root: string | null) => Promise<WorkspaceFixOptions>,
): Promise<WorkspacePlan> {
  const result = await checkWorkspace({ paths, settings: DEFAULT_GRADE_SETTINGS });
  const out: WorkspacePlan = {
    plans: [],
    errors: result.errors,
    warnings: result.warnings,
    refused: [],
    vendored: [],
  };
  const groups = new Map<string | null, typeof result.results>();
  for (const r of result.results) {
    const root = projectForFile(result.projects, r.file)?.root ?? null;
    groups.set(root, [...(groups.get(root) ?? []), r]);
  }
  for (const [root, files] of groups) {
    const options = await optionsFor(root);
    const vendored = options.includeVendored
      ? () => null
      : await vendoredMatcher(root ?? process.cwd());
    const excluded = root ? excludeMatcher(await projectExcludes(root)) : () => false;
    const src = await loadProjectSources(
      root,
      files.map((f) => f.file),
      async (f) => (root ? excluded(relative(root, f)) : false),
    );
    src.mayRewrite = (f) => {
      const why = vendored(f);
      if (why) return `vendored: ${why}`;
      return readOnly(f) ? 'read-only' : null;
    };
    const targets: TargetFile[] = [];
    for (const f of files) {
      if (!f.findings.some((x) => x.fixable && x.fix)) continue;
      const why = vendored(f.file);
      const text = src.read(f.file);
      if (why) out.vendored.push({ file: f.file, reason: `vendored (${why})` });
      else if (text === undefined) {
        out.refused.push({ file: f.file, reason: 'not valid UTF-8; not rewritten' });
      } else if (readOnly(f.file)) {
        out.refused.push({
          file: f.file,
          reason: 'read-only; not rewritten (make it writable to migrate it)',
        });
      } else targets.push({ file: f.file, text, findings: f.findings });
    }
    out.plans.push(await planMigration(src, targets, options));
  }
  out.refused.sort((a, b) => a.file.localeCompare(b.file));
  return out;
}

/** One line for a refused file, as the CLI and the editor print it. */
export function refusedLine(r: RefusedFile): string {
  return `${displayPath(r.file)}: ${r.reason}`;
}
