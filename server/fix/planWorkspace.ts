/**
 * Findings → migration plans for files and folders, one plan per ESP-IDF project (each has its own
 * header location, platform header and include paths). Shared by `psram-lens fix` and the
 * editor's migration commands; nothing is written here.
 */
import { relative } from 'node:path';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { displayPath, excludeMatcher, projectExcludes } from '../analysis/sourceFiles';
import { checkWorkspace } from '../analysis/workspaceCheck';
import { projectForFile } from '../project/discovery';
import { type FixOptions, type MigrationPlan, type TargetFile, planMigration } from './migrate';
import { loadProjectSources } from './projectSources';

export interface WorkspacePlan {
  plans: MigrationPlan[];
  /** Unreadable inputs (the CLI exits 2 on these). */
  errors: string[];
  /** Configuration problems and files skipped because they are not exact UTF-8. */
  warnings: string[];
}

export async function planWorkspace(
  paths: string[],
  optionsFor: (root: string | null) => Promise<FixOptions>,
): Promise<WorkspacePlan> {
  const result = await checkWorkspace({ paths, settings: DEFAULT_GRADE_SETTINGS });
  const out: WorkspacePlan = { plans: [], errors: result.errors, warnings: result.warnings };
  const groups = new Map<string | null, typeof result.results>();
  for (const r of result.results) {
    const root = projectForFile(result.projects, r.file)?.root ?? null;
    groups.set(root, [...(groups.get(root) ?? []), r]);
  }
  for (const [root, files] of groups) {
    const excluded = root ? excludeMatcher(await projectExcludes(root)) : () => false;
    const src = await loadProjectSources(
      root,
      files.map((f) => f.file),
      async (f) => (root ? excluded(relative(root, f)) : false),
    );
    const targets: TargetFile[] = [];
    for (const f of files) {
      const text = src.read(f.file);
      if (text === undefined) {
        out.warnings.push(`${displayPath(f.file)}: not valid UTF-8; not rewritten`);
      } else targets.push({ file: f.file, text, findings: f.findings });
    }
    out.plans.push(await planMigration(src, targets, await optionsFor(root)));
  }
  return out;
}
