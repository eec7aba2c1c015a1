/**
 * Plans a migration: analyzer findings of some files → text edits per file, the include or
 * using-declarations each rewritten file needs, and the PSRAM header when the project lacks it.
 * Pure apart from parsing: texts come in through `ProjectSources.read`, nothing is written here.
 */
import { basename, join, relative } from 'node:path';
import { type Finding, type RuleCode, shiftFix } from '../analysis/findings';
import { macroBodyCode } from '../analysis/macroBodies';
import { LineIndex } from '../analysis/lineIndex';
import { resolveUnqualified } from '../analysis/lookup';
import { type Node, type Parser, createCppParser } from '../analysis/parser';
import { enclosingNamespaces } from '../analysis/syntax';
import { isGeneratedHeader, renderHeader, validateNamespace } from './header';
import { declarationsOf } from './declarations';
import { resolveHeaderPath } from './headerPath';
import { IncludeGraph, includeEdit } from './includes';
import { type PlatformNamespace, mayBePlatformHeader, platformNamespaces } from './platformHeader';
import { type Visibility, requirementEdit } from './componentRequires';
import { headerHome, layoutWithHeader } from './headerHome';
import { type Component, ProjectLayout } from './projectLayout';
import { type FactoryName, type SiteOutcome, type Speller, rewriteSite } from './siteRewrite';
import { type TextEdit, applyEdits } from './textEdit';
import { type FileHazards, findHazards } from './unqualifiedHazards';

export type FixStyle = 'qualified' | 'unqualified';

export interface FixOptions {
  style: FixStyle;
  /** Namespace of the PSRAM factory (`psram`). */
  namespace: string;
  /**
   * Where the header is (or goes), absolute; default: see `headerLocation`. Confined to the
   * project (resolveHeaderPath): a path outside is reported in `problems` and not used.
   */
  headerPath?: string;
}

export interface ProjectSources {
  root: string | null;
  /** Every C/C++ file of the project (platform header and existing header are looked for here). */
  files: readonly string[];
  components: readonly Component[];
  read(path: string): string | undefined;
  /** The Arduino sketch folder these files belong to (the header goes there), if any. */
  sketch?: string;
  /** Why a file may not be rewritten (vendored, read-only), or null; absent: every file may be. */
  mayRewrite?(path: string): string | null;
}

export interface TargetFile {
  file: string;
  text: string;
  findings: readonly Finding[];
}

export interface SiteNote {
  file: string;
  /** 0-based line. */
  line: number;
  code: RuleCode;
  reason: string;
}

export interface FilePlan {
  file: string;
  before: string;
  after: string;
  edits: TextEdit[];
  /** Rewritten call sites per rule (include and using-declaration edits are not sites). */
  perRule: Partial<Record<RuleCode, number>>;
  sites: number;
}

export interface MigrationPlan {
  header: { path: string; create: boolean; text: string };
  files: FilePlan[];
  sites: number;
  perRule: Partial<Record<RuleCode, number>>;
  refused: SiteNote[];
  /** Unqualified style only: sites spelled qualified, and why. */
  qualifiedInstead: SiteNote[];
  /** Settings that were not applied (a header path outside the project), one line each. */
  problems: string[];
  /** Other files created with the header (its component's CMakeLists.txt), written before it. */
  created: { path: string; text: string }[];
}

const HEADER_EXT = /\.(h|hh|hpp|hxx|h\+\+|ipp|inl|tpp)$/i;

/**
 * A site inside a `#define` body (an opaque `preproc_arg` in the document's tree): the body is
 * parsed on its own as the analyzer did (server/analysis/macroBodies.ts), rewritten there, and the
 * edits are moved back to document offsets.
 */
function rewriteInMacroBody(
  parser: Parser,
  root: Node,
  finding: Finding,
  spell: Speller,
): SiteOutcome {
  const fix = finding.fix!;
  let body: Node | null = root.descendantForIndex(fix.calleeStart);
  while (body && body.type !== 'preproc_arg') body = body.parent;
  const refused: SiteOutcome = {
    kind: 'refused',
    at: fix.exprStart,
    reason: 'the #define body could not be parsed',
  };
  if (!body) return refused;
  const { text, delta } = macroBodyCode(body);
  const sub = parser.parse(text);
  if (!sub) return refused;
  try {
    const local = shiftFix(fix, -delta);
    const r = rewriteSite({ ...finding, fix: local }, sub.rootNode, text, spell);
    const move = (e: TextEdit): TextEdit => ({ ...e, start: e.start + delta, end: e.end + delta });
    if (r.kind === 'edit') {
      return { kind: 'edit', at: r.at + delta, edit: move(r.edit), extra: r.extra?.map(move) };
    }
    return r.kind === 'refused' ? { ...r, at: r.at + delta } : r;
  } finally {
    sub.delete();
  }
}

/** Index of the first edit starting at or after `start` in edits sorted by start. */
function lowerBound(edits: readonly TextEdit[], start: number): number {
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edits[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `e` overlaps one of the non-overlapping `edits` (sorted by start): O(log n). */
function overlaps(edits: readonly TextEdit[], e: TextEdit): boolean {
  const i = lowerBound(edits, e.start);
  const prev = edits[i - 1];
  const next = edits[i];
  return (prev !== undefined && prev.end > e.start) || (next !== undefined && next.start < e.end);
}

/** Keeps `edits` sorted by start; sites arrive in text order, so this appends. */
function insertSorted(edits: TextEdit[], e: TextEdit): void {
  const i = lowerBound(edits, e.start);
  if (i === edits.length) edits.push(e);
  else edits.splice(i, 0, e);
}

function bump(into: Partial<Record<RuleCode, number>>, code: RuleCode): void {
  into[code] = (into[code] ?? 0) + 1;
}

export async function planMigration(
  src: ProjectSources,
  targets: readonly TargetFile[],
  opts: FixOptions,
): Promise<MigrationPlan> {
  validateNamespace(opts.namespace);
  const parser = await createCppParser();
  try {
    return plan(parser, src, targets, opts);
  } finally {
    parser.delete();
  }
}

function plan(
  parser: Parser,
  src: ProjectSources,
  targets: readonly TargetFile[],
  opts: FixOptions,
): MigrationPlan {
  const ns = opts.namespace;
  const baseLayout = new ProjectLayout(src.components);
  const targetText = new Map(targets.map((t) => [t.file, t.text]));
  const read = (p: string): string | undefined => targetText.get(p) ?? src.read(p);

  // Platform headers: only the unqualified style adds using-declarations to them.
  const found: PlatformNamespace[] = [];
  for (const f of src.files.filter((x) => HEADER_EXT.test(x)).sort()) {
    const text = read(f);
    if (text === undefined || !mayBePlatformHeader(text) || isGeneratedHeader(text)) continue;
    const tree = parser.parse(text);
    if (!tree) continue;
    found.push(...platformNamespaces(f, tree.rootNode, text, ns));
    tree.delete();
  }
  const problems: string[] = [];
  let platforms = opts.style === 'unqualified' ? found : [];
  // What the unqualified style would break in other files: retargeted or migrated below, or,
  // when such a file may not be rewritten, the style is not applied at all.
  const hazards = new Map<string, FileHazards>();
  const platformFiles = new Set(platforms.map((p) => p.file));
  for (const f of platforms.length ? src.files : []) {
    const text = platformFiles.has(f) ? undefined : read(f);
    const h =
      text === undefined || isGeneratedHeader(text) ? null : findHazards(parser, text, platforms);
    if (!h) continue;
    const blocked = src.mayRewrite?.(f);
    if (blocked) {
      const what = h.retargets.length
        ? `it declares using std::${h.retargets[0].factory}; in namespace ${platforms[0].namespace}`
        : `using namespace std; and using namespace ${h.ambiguous[0].namespace}; make ${h.ambiguous[0].factory} ambiguous there`;
      problems.push(
        `unqualified style not applied (spelled qualified everywhere): ${f}: ${what}, and it is not rewritten (${blocked})`,
      );
      platforms = [];
      hazards.clear();
      break;
    }
    hazards.set(f, h);
  }
  const chosen = opts.headerPath
    ? resolveHeaderPath(src.root, src.root ? relative(src.root, opts.headerPath) : opts.headerPath)
    : undefined;
  if (chosen && 'error' in chosen) problems.push(chosen.error);
  const home = headerHome(
    src,
    baseLayout,
    targets.map((t) => t.file),
    chosen && 'path' in chosen ? chosen.path : undefined,
  );
  const headerPath = home.path;
  // Spellings and reachability as the build will see them once the requirements are added.
  const layout = layoutWithHeader(baseLayout, home);
  const headerText = read(headerPath);
  const header = {
    path: headerPath,
    create: headerText === undefined,
    text: headerText ?? renderHeader(ns),
  };

  // Platform headers first: once edited they declare the factory for every file that includes them.
  const pending = new Map<string, TextEdit[]>();
  const graph0 = new IncludeGraph(layout, (p) => (p === headerPath ? header.text : read(p)));
  for (const file of new Set(platforms.map((p) => p.file))) {
    const edits = platforms.filter((p) => p.file === file).flatMap((p) => p.edits);
    const text = read(file)!;
    if (!graph0.reaches(file, headerPath) && file !== headerPath) {
      const tree = parser.parse(text)!;
      edits.push(
        includeEdit(
          tree.rootNode,
          text,
          Math.min(...platforms.filter((p) => p.file === file).map((p) => p.declaredAt)),
          layout.includeSpelling(file, headerPath),
        ),
      );
      tree.delete();
    }
    if (edits.length) pending.set(file, edits);
  }
  const postText = (p: string): string | undefined => {
    if (p === headerPath) return header.text;
    const edits = pending.get(p);
    const text = read(p);
    return edits && text !== undefined ? applyEdits(text, edits) : text;
  };
  const graph = new IncludeGraph(layout, postText);

  const out: MigrationPlan = {
    header,
    files: [],
    sites: 0,
    perRule: {},
    refused: [],
    qualifiedInstead: [],
    problems,
    created: header.create ? home.created : [],
  };
  const perFile = new Map<string, Partial<Record<RuleCode, number>>>();
  for (const t of targets) {
    const fixable = t.findings.filter((f) => f.fixable && f.fix);
    if (!fixable.length || isGeneratedHeader(t.text)) continue;
    const tree = parser.parse(t.text);
    if (!tree) continue;
    try {
      const lines = new LineIndex(t.text);
      const decls = declarationsOf(tree, t.text);
      // A `using std::make_shared;` retargeted below names the factory from here on.
      const retargeted = new Set(hazards.get(t.file)?.retargets.map((r) => r.pos));
      for (const u of decls.usings) if (retargeted.has(u.pos)) u.target = ns.split('::');
      const unqualifiedBlocker = (at: Node, factory: FactoryName): string | null => {
        const r = resolveUnqualified(factory, at, decls);
        if (r.kind === 'std') {
          return `${r.via} is visible here: the unqualified name would be std's`;
        }
        if (r.kind === 'factory') return null;
        const chain = enclosingNamespaces(at);
        const g = platforms.find((p) => p.namespace.split('::').every((s, i) => chain[i] === s));
        if (!g) return 'outside every namespace whose platform header declares the factory';
        const visible =
          g.file === t.file
            ? at.startIndex >= g.declaredAt
            : graph.reaches(t.file, g.file, at.startIndex);
        return visible ? null : `${basename(g.file)} is not included before this call`;
      };
      const counts: Partial<Record<RuleCode, number>> = {};
      const edits: TextEdit[] = [];
      let firstQualified = Infinity;
      for (const finding of fixable) {
        let qualified = false;
        const spell = (at: Node, factory: FactoryName): string => {
          const why = opts.style === 'unqualified' ? unqualifiedBlocker(at, factory) : 'style';
          if (why === null) return factory;
          qualified = true;
          if (why !== 'style') {
            out.qualifiedInstead.push({
              file: t.file,
              line: lines.positionAt(at.startIndex).line,
              code: finding.code,
              reason: why,
            });
          }
          const nested = enclosingNamespaces(at).includes(ns.split('::')[0]);
          return `${nested ? '::' : ''}${ns}::${factory}`;
        };
        // A #define body expands in any scope: always the qualified spelling.
        const inMacro = finding.fix?.inMacroDefinition === true;
        const spellInMacro = (_at: Node, factory: FactoryName): string => {
          qualified = true;
          return `${ns}::${factory}`;
        };
        const r = inMacro
          ? rewriteInMacroBody(parser, tree.rootNode, finding, spellInMacro)
          : rewriteSite(finding, tree.rootNode, t.text, spell);
        if (r.kind === 'unchanged' && retargeted.size && finding.code === 'PSR004') {
          // Spelled as before, but the retargeted using-declaration now makes it the factory.
          bump(counts, finding.code);
        } else if (r.kind === 'refused') {
          out.refused.push({
            file: t.file,
            line: lines.positionAt(r.at).line,
            code: finding.code,
            reason: r.reason,
          });
        } else if (r.kind === 'edit' && overlaps(edits, r.edit)) {
          // Nested sites (a raw new inside another rewritten call): the next run takes the inner one.
          const line = lines.positionAt(r.at).line;
          out.refused.push({
            file: t.file,
            line,
            code: finding.code,
            reason: 'inside another rewrite',
          });
        } else if (r.kind === 'edit') {
          insertSorted(edits, { ...r.edit, label: finding.code });
          for (const e of r.extra ?? []) if (!overlaps(edits, e)) insertSorted(edits, e);
          bump(counts, finding.code);
          if (qualified) firstQualified = Math.min(firstQualified, r.edit.start);
        }
      }
      if (!edits.length) continue;
      if (
        firstQualified < Infinity &&
        t.file !== headerPath &&
        !graph.reaches(t.file, headerPath, firstQualified)
      ) {
        edits.push(
          includeEdit(
            tree.rootNode,
            t.text,
            firstQualified,
            layout.includeSpelling(t.file, headerPath),
          ),
        );
      }
      pending.set(t.file, [...(pending.get(t.file) ?? []), ...edits]);
      perFile.set(t.file, counts);
    } finally {
      tree.delete();
    }
  }

  for (const [file, h] of hazards) {
    const text = read(file)!;
    const edits = [...(pending.get(file) ?? [])].sort((a, b) => a.start - b.start);
    const added: TextEdit[] = [];
    for (const r of h.retargets) {
      added.push({
        start: r.start,
        end: r.end,
        newText: `${ns}::${r.factory}`,
        label: 'using-declaration',
      });
    }
    const counts = perFile.get(file) ?? {};
    const lines = new LineIndex(text);
    for (const a of h.ambiguous) {
      const e: TextEdit = {
        start: a.start,
        end: a.end,
        newText: `${ns}::${a.factory}`,
        label: 'PSR004',
      };
      if (overlaps(edits, e)) continue;
      added.push(e);
      bump(counts, 'PSR004');
      out.qualifiedInstead.push({
        file,
        line: lines.positionAt(a.start).line,
        code: 'PSR004',
        reason: `using namespace std; and using namespace ${a.namespace}; would make ${a.factory} ambiguous: migrated too`,
      });
    }
    if (!added.length) continue;
    const first = Math.min(...added.map((e) => e.start));
    const hasInclude = edits.some((e) => e.label === 'include');
    if (!hasInclude && file !== headerPath && !graph.reaches(file, headerPath, first)) {
      const tree = parser.parse(text)!;
      added.push(includeEdit(tree.rootNode, text, first, layout.includeSpelling(file, headerPath)));
      tree.delete();
    }
    for (const e of added) insertSorted(edits, e);
    pending.set(file, edits);
    perFile.set(file, counts);
  }

  // Each component whose files now include the header requires its component (public headers:
  // REQUIRES, sources only: PRIV_REQUIRES); main without requirements already sees every one.
  // Never `REQUIRES main` (a header adopted from main by an older migration): main is no library.
  if (home.component && home.component.name !== 'main') {
    // Under MINIMAL_BUILD main sees only what it requires (docs/reference/build-system.md G3).
    const rootCmake = src.root ? (read(join(src.root, 'CMakeLists.txt')) ?? '') : '';
    const minimalBuild = /\bMINIMAL_BUILD\s+ON\b/.test(rootCmake);
    const needs = new Map<Component, Visibility>();
    for (const [file, edits] of pending) {
      if (!edits.some((e) => e.label === 'include')) continue;
      const c = baseLayout.componentOf(file);
      if (!c || c.dir === home.component.dir) continue;
      if (!minimalBuild && ProjectLayout.seesEverything(c)) continue;
      const isPublic = c.publicIncludeDirs.some((d) => !relative(d, file).startsWith('..'));
      if (isPublic) needs.set(c, 'REQUIRES');
      else if (!needs.has(c)) needs.set(c, 'PRIV_REQUIRES');
    }
    for (const [c, visibility] of needs) {
      const text = read(c.cmakePath);
      const edit =
        text === undefined ? null : requirementEdit(text, home.component.name, visibility);
      if (edit) pending.set(c.cmakePath, [...(pending.get(c.cmakePath) ?? []), edit]);
    }
  }

  for (const [file, edits] of pending) {
    const before = read(file)!;
    const counts = perFile.get(file) ?? {};
    const sites = Object.values(counts).reduce((a, b) => a + b, 0);
    for (const [code, n] of Object.entries(counts) as [RuleCode, number][]) {
      out.perRule[code] = (out.perRule[code] ?? 0) + n;
    }
    out.sites += sites;
    out.files.push({
      file,
      before,
      after: applyEdits(before, edits),
      edits,
      perRule: counts,
      sites,
    });
  }
  out.files.sort((a, b) => a.file.localeCompare(b.file));
  if (!out.files.length) header.create = false;
  return out;
}
