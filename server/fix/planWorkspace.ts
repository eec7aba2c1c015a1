/**
 * Findings → migration plans for files and folders, one plan per ESP-IDF project (each has its own
 * header location, platform header and include paths). Shared by `psram-lens fix` and the
 * editor's migration commands; nothing is written here.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { DEFAULT_GRADE_SETTINGS } from '../analysis/grading';
import { displayPath, excludeMatcher, projectExcludes } from '../analysis/sourceFiles';
import { checkWorkspace } from '../analysis/workspaceCheck';
import { fileScope } from '../project/buildScope';
import { projectForFile } from '../project/discovery';
import { type FixOptions, type MigrationPlan, type TargetFile, planMigration } from './migrate';
import { loadProjectSources } from './projectSources';
import { vendoredMatcher } from './vendored';
import { isReadOnlyMode } from './writeFiles';

export interface WorkspaceFixOptions extends FixOptions {
  /** Migrate vendored code too (`psramLens.fix.includeVendored`). */
  includeVendored?: boolean;
  /** Migrate files the ESP target's build does not compile too (`psramLens.fix.includeHostCode`). */
  includeHostCode?: boolean;
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
  /**
   * Files with fixable findings left alone because the ESP target's build does not compile them
   * (host code): nothing on the device to gain, and their own build may not see the header.
   */
  hostCode: RefusedFile[];
}

/** The Arduino sketch folder holding a file (a folder `X` with `X.ino`), below `stop`, or null. */
export function sketchDirOf(file: string, stop: string | null): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, `${basename(dir)}.ino`))) return dir;
    if (dir === stop || dirname(dir) === dir) return null;
  }
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
    hostCode: [],
  };
  // One plan per ESP-IDF project, and one per Arduino sketch (its folder is its include path,
  // even inside an ESP-IDF project's tree).
  const groups = new Map<
    string,
    { root: string | null; sketch: string | null; files: typeof result.results }
  >();
  for (const r of result.results) {
    const root = projectForFile(result.projects, r.file)?.root ?? null;
    const sketch = sketchDirOf(r.file, root);
    const key = sketch ? `sketch:${sketch}` : `idf:${root ?? ''}`;
    const g = groups.get(key) ?? { root, sketch, files: [] };
    g.files.push(r);
    groups.set(key, g);
  }
  for (const { root: idfRoot, sketch, files } of groups.values()) {
    // Settings come from the enclosing project; a sketch's sources are its own folder's.
    const options = await optionsFor(idfRoot);
    const root = sketch ? null : idfRoot;
    const vendored = options.includeVendored
      ? () => null
      : await vendoredMatcher(idfRoot ?? sketch ?? process.cwd());
    // Per file, by the build (a project whose whole configuration targets linux is not host code
    // here: its sources are the device's too, built for the host for now).
    const build = sketch ? undefined : result.projects.find((p) => p.root === idfRoot)?.build;
    const hostCode = (f: string): string | null => {
      if (options.includeHostCode || !build || build.origin === 'host-target') return null;
      const scope = fileScope(build, f);
      return scope.kind === 'host' ? scope.reason : null;
    };
    const excluded = root ? excludeMatcher(await projectExcludes(root)) : () => false;
    const src = await loadProjectSources(
      root,
      files.map((f) => f.file),
      async (f) => (root ? excluded(relative(root, f)) : false),
    );
    if (sketch) src.sketch = sketch;
    src.mayRewrite = (f) => {
      const why = vendored(f);
      if (why) return `vendored: ${why}`;
      const host = hostCode(f);
      if (host) return `host code: ${host}`;
      return readOnly(f) ? 'read-only' : null;
    };
    const targets: TargetFile[] = [];
    for (const f of files) {
      if (!f.findings.some((x) => x.fixable && x.fix)) continue;
      const why = vendored(f.file);
      const host = why ? null : hostCode(f.file);
      const text = src.read(f.file);
      if (why) out.vendored.push({ file: f.file, reason: `vendored (${why})` });
      else if (host) out.hostCode.push({ file: f.file, reason: `host code (${host})` });
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
  out.hostCode.sort((a, b) => a.file.localeCompare(b.file));
  return out;
}

/** One line for a refused file, as the CLI and the editor print it. */
export function refusedLine(r: RefusedFile): string {
  return `${displayPath(r.file)}: ${r.reason}`;
}
