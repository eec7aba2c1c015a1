/**
 * The analyzer: syntax tree → facts → findings, graded by the project's sdkconfig.
 * `analyze` is pure given a tree; `analyzeText` parses for callers without a tree cache.
 */
import type { Finding } from './findings';
import { type FileFacts, type Site, extractFacts } from './facts';
import {
  type AllocatorVerdict,
  type Footprint,
  type GradeSettings,
  DEFAULT_GRADE_SETTINGS,
  grade,
  gradeNotDevice,
} from './grading';
import { offGuard } from './conditions';
import type { MacroTable } from '../project/macros';
import type { FileScope } from '../project/buildScope';
import { layoutOf, lockPolicyFor } from './layout';
import { countedPtrSize, inplaceSize } from '../target/cppModels';
import { LineIndex } from './lineIndex';
import { type LocalDecl, holdsShared } from './localDecl';
import { createCppParser, type Parser, type Tree } from './parser';
import { type Merged, ProjectIndex, lookupClass, merge } from './projectIndex';
import { type PsramConfig, UNKNOWN_CONFIG } from '../project/sdkconfig';

export interface AnalysisContext {
  /** The project's PSRAM configuration (UNKNOWN_CONFIG outside an ESP-IDF project). */
  config: PsramConfig;
  settings: GradeSettings;
  /** Facts of the project's other files; the analysed file's own facts are merged in. */
  index?: ProjectIndex;
  /** Key of the analysed file in the index (its path or URI). */
  key?: string;
  /** Macro values for `#if` branches (sdkconfig options, -D flags); absent: branches not evaluated. */
  macros?: MacroTable;
  /** Whether the build compiles this file for the ESP target (build/compile_commands.json, CMake). */
  scope?: FileScope;
}

export function defaultContext(config: PsramConfig = UNKNOWN_CONFIG): AnalysisContext {
  return { config, settings: DEFAULT_GRADE_SETTINGS };
}

export function analyze(tree: Tree, text: string, ctx: AnalysisContext): Finding[] {
  return findingsFromFacts(extractFacts(tree, text), text, ctx);
}

/** Findings of one file from its facts (no tree needed: CLI workers send facts to the main thread). */
export function findingsFromFacts(facts: FileFacts, text: string, ctx: AnalysisContext): Finding[] {
  if (facts.ignoreFile) return [];
  const project = ctx.index ? ctx.index.view(ctx.key, facts) : merge([facts]);
  const sites = [...facts.sites, ...resolvePending(facts, project)];
  const ignored = new Set(facts.ignoredLines);
  const lines = new LineIndex(text);
  const out: Finding[] = [];
  for (const site of sites.sort((a, b) => a.start - b.start)) {
    const start = lines.positionAt(site.start);
    if (ignored.has(start.line)) continue;
    if (
      site.code === 'PSR004' &&
      site.via === 'using namespace std;' &&
      nearerFactory(site, project)
    ) {
      continue;
    }
    const allocator = allocatorVerdict(site, project);
    if (allocator?.kind === 'psram') continue;
    const fp = footprint(site, project, ctx.config.target);
    let graded = grade(site.code, fp, site.typeText, ctx.config, ctx.settings, allocator);
    const notDevice = notDeviceReason(site, ctx);
    if (graded && notDevice) graded = gradeNotDevice(graded, notDevice, ctx.settings);
    if (!graded) continue;
    out.push({
      code: site.code,
      severity: graded.severity,
      message: graded.message,
      range: { start, end: lines.positionAt(site.end) },
      // An allocator that decides by configuration or a hook is the user's call, not a rewrite.
      fixable: site.fix !== undefined && site.code !== 'PSR005' && allocator?.kind !== 'decides',
      fix: site.fix,
      estimatedBytes: fp?.request,
      ...(fp && site.typeText
        ? { object: { type: site.typeText, size: fp.object, align: fp.align ?? 4 } }
        : {}),
    });
  }
  return out;
}

/** Index-dependent verdicts: `p.reset(new T)` needs p's type; `w = sp` needs both declarations. */
function resolvePending(facts: FileFacts, project: Merged): Site[] {
  const out: Site[] = [];
  for (const p of facts.pending) {
    if (p.kind === 'reset' && resetsShared(p.receiver, p.local, project)) out.push(p.site);
    if (
      p.kind === 'weakFrom' &&
      project.madeShared.has(p.source) &&
      (p.weak === null || project.weakNames.has(p.weak))
    ) {
      out.push(p.site);
    }
  }
  return out;
}

/** Why a site is not device code: its file is host code, or a branch around it is off. */
function notDeviceReason(site: Site, ctx: AnalysisContext): string | null {
  if (ctx.scope?.kind === 'host') return ctx.scope.reason;
  const off = offGuard(site.guards, ctx.macros);
  if (!off) return null;
  const written = off.condition.replace(/\s+/g, ' ').trim();
  return `${off.want ? 'the branch of' : 'the #else of'} \`#if ${written}\` is off in this configuration`;
}

/** PSR002: what the project's own allocator class does (std::allocator: malloc; unknown: null). */
function allocatorVerdict(site: Site, project: Merged): AllocatorVerdict | undefined {
  if (site.code !== 'PSR002' || !site.allocator) return undefined;
  if (site.allocator === 'std::allocator') return { name: site.allocator, kind: 'malloc' };
  const kind = project.allocators.get(site.allocator);
  return kind ? { name: site.allocator, kind } : undefined;
}

/** A local declaration decides alone (it hides members and globals); else the project's declarations do. */
function resetsShared(receiver: string, local: LocalDecl | null, project: Merged): boolean {
  if (local) return holdsShared(local, (name) => project.typeAliases.get(name));
  return project.sharedNames.has(receiver) && !project.weakNames.has(receiver);
}

/** A namespace around the call (or one it is nested in) declares its own factory in another file. */
function nearerFactory(site: Site, project: Merged): boolean {
  for (let n = site.namespaces.length; n > 0; n--) {
    if (project.factoryNamespaces.has(site.namespaces.slice(0, n).join('::'))) return true;
  }
  return false;
}

function footprint(site: Site, project: Merged, target: string | null): Footprint | null {
  if (!site.typeText) return null;
  const t = layoutOf(
    site.typeText,
    site.namespaces,
    (name, from) => lookupClass(project, name, from) ?? project.typeAliases.get(name),
  );
  if (!t) return null;
  const policy = lockPolicyFor(target);
  if (site.code === 'PSR003') {
    const control = countedPtrSize(policy);
    return { object: t.size, align: t.align, control, request: t.size + control, blocks: 2 };
  }
  const block = inplaceSize(t, policy);
  return { object: t.size, align: t.align, control: block - t.size, request: block, blocks: 1 };
}

let shared: Promise<Parser> | undefined;

/** Parses and analyses a text with a process-wide parser (no incremental reuse). */
export async function analyzeText(
  text: string,
  ctx: Partial<AnalysisContext> = {},
): Promise<Finding[]> {
  shared ??= createCppParser();
  const parser = await shared;
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    return analyze(tree, text, { ...defaultContext(), ...ctx });
  } finally {
    tree.delete();
  }
}
