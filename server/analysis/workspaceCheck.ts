/**
 * `psram-lens check` without the printing: files → prefilter → facts (parallel) → per-project
 * index → graded findings. The language server analyses open documents itself; this is the batch path.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { type AnalysisContext, findingsFromFacts } from './analyzer';
import type { FileFacts } from './facts';
import { mayHoldFacts } from './facts';
import { extractAll } from './factsPool';
import { sizeNotice } from './fileLimit';
import type { Finding } from './findings';
import type { GradeSettings } from './grading';
import { definesAny, missingClassNames } from './missingClasses';
import { ProjectIndex } from './projectIndex';
import { collectSourceFiles, excludeMatcher, projectExcludes } from './sourceFiles';
import type { Chip } from '../target/chips';
import { fileScope } from '../project/buildScope';
import { type MacroTable, macroTable } from '../project/macros';
import { type IdfProject, findEnclosingProjectRoot, loadProject } from '../project/discovery';
import {
  type PsramConfig,
  UNKNOWN_CONFIG,
  parseSdkconfig,
  psramConfigFrom,
} from '../project/sdkconfig';

export interface CheckOptions {
  paths: string[];
  /** An sdkconfig that overrides every project's own. */
  sdkconfig?: string;
  target?: Chip;
  settings: GradeSettings;
  workers?: number;
}

export interface FileFindings {
  file: string;
  findings: Finding[];
}

export interface CheckResult {
  /** Projects the checked files belong to (first = the one the report names). */
  projects: IdfProject[];
  /** The configuration used for files outside any project (or for all, with --sdkconfig). */
  fallbackConfig: PsramConfig;
  filesScanned: number;
  results: FileFindings[];
  /** Unreadable inputs: one line each (contract: printed on stderr, the rest still runs). */
  errors: string[];
  /** Configuration problems (broken sdkconfig lines): reported, not fatal. */
  warnings: string[];
}

export async function checkWorkspace(opts: CheckOptions): Promise<CheckResult> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const overridden = opts.sdkconfig ? await readOverride(opts.sdkconfig) : null;
  const override = overridden?.config ?? null;
  const rootOf = cachedRootFinder();
  const projects = new Map<string, { project: IdfProject; excluded: (rel: string) => boolean }>();
  const projectOf = async (file: string) => {
    const root = await rootOf(dirname(file));
    if (!root) return null;
    let p = projects.get(root);
    if (!p) {
      const project = await loadProject(root);
      warnings.push(...project.errors);
      p = { project, excluded: excludeMatcher(await projectExcludes(root)) };
      projects.set(root, p);
    }
    return p;
  };
  const paths = (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(p));
  const walk = await collectSourceFiles(paths, async (file) => {
    const p = await projectOf(file);
    return p ? p.excluded(relative(p.project.root, file)) : false;
  });
  errors.push(...walk.errors);

  const texts = new Map<string, string>();
  /** Files the prefilter passed over: read again only if they define a class a site needs. */
  const others: string[] = [];
  await Promise.all(
    walk.files.map(async (file) => {
      try {
        const text = await readFile(file, 'utf8');
        const tooLarge = sizeNotice(file, text);
        if (tooLarge) warnings.push(tooLarge);
        else if (mayHoldFacts(text)) texts.set(file, text);
        else others.push(file);
      } catch (e) {
        errors.push(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }),
  );
  const facts = await extractAll(
    [...texts].map(([file, text]) => ({ file, text })),
    opts.workers,
  );

  const indexes = new Map<string, ProjectIndex>();
  const fileProject = new Map<string, IdfProject | null>();
  for (const [file, f] of facts) {
    const p = (await projectOf(file))?.project ?? null;
    fileProject.set(file, p);
    const key = p?.root ?? '';
    if (!indexes.has(key)) indexes.set(key, new ProjectIndex());
    indexes.get(key)!.set(file, f);
  }
  await indexDefiningFiles(
    others,
    indexes,
    async (file) => (await projectOf(file))?.project.root ?? '',
  );
  const fallbackConfig = withTarget(override ?? UNKNOWN_CONFIG, opts.target);
  const results: FileFindings[] = [];
  for (const file of [...facts.keys()].sort()) {
    const p = fileProject.get(file) ?? null;
    const config = withTarget(override ?? p?.config ?? UNKNOWN_CONFIG, opts.target);
    const ctx: AnalysisContext = {
      config,
      settings: opts.settings,
      index: indexes.get(p?.root ?? ''),
      key: file,
      // An explicit --sdkconfig replaces the project's configuration, and so its macro values.
      macros: overridden ? overridden.macros : p?.macros,
      scope: p ? fileScope(p.build, file) : undefined,
    };
    const findings = findingsFromFacts(
      facts.get(file) as FileFacts,
      texts.get(file) as string,
      ctx,
    );
    if (findings.length) results.push({ file, findings });
  }
  return {
    projects: [...projects.values()].map((p) => p.project),
    fallbackConfig,
    filesScanned: walk.files.length,
    results,
    errors,
    warnings,
  };

  async function readOverride(path: string): Promise<{ config: PsramConfig; macros: MacroTable }> {
    const parsed = parseSdkconfig(await readFile(path, 'utf8'));
    warnings.push(...parsed.errors.map((e) => `${path}:${e.line}: ${e.message}`));
    // A defaults file lists only overrides: its missing options are unknown, not unset.
    const complete = !/\.defaults$/.test(path);
    return { config: psramConfigFrom(parsed.values), macros: macroTable(parsed.values, complete) };
  }
}

/**
 * Sizes in messages need the classes the sites name; a header that defines one without mentioning a
 * smart pointer was passed over by the prefilter, so it is parsed now (missingClasses.ts).
 */
async function indexDefiningFiles(
  candidates: string[],
  indexes: Map<string, ProjectIndex>,
  projectKey: (file: string) => Promise<string>,
): Promise<void> {
  const missing = new Set<string>();
  for (const index of indexes.values()) {
    for (const name of missingClassNames(index.all(), index.view())) missing.add(name);
  }
  if (missing.size === 0) return;
  const defining: { file: string; text: string }[] = [];
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (definesAny(text, missing)) defining.push({ file, text });
  }
  for (const [file, f] of await extractAll(defining, 1)) {
    indexes.get(await projectKey(file))?.set(file, f);
  }
}

function withTarget(c: PsramConfig, target: Chip | undefined): PsramConfig {
  return target ? { ...c, target, targetName: target } : c;
}

function cachedRootFinder(): (dir: string) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  return (dir) => {
    let r = cache.get(dir);
    if (!r) {
      r = findEnclosingProjectRoot(dir);
      cache.set(dir, r);
    }
    return r;
  };
}
