/**
 * One open document's analysis: its text is parsed (incrementally, through the tree cache) only
 * when it changed; its facts are kept, so re-grading after an sdkconfig, settings or index change
 * costs no parse. What the document tells other files goes into its project's index only when
 * that part of its facts changed, so ordinary keystrokes leave the merged index alone.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findingsFromFacts } from '../analysis/analyzer';
import { type FileFacts, extractFacts, mayHoldFacts } from '../analysis/facts';
import type { Finding } from '../analysis/findings';
import type { ProjectIndex } from '../analysis/projectIndex';
import type { Settings } from '../config/settings';
import { fileScope } from '../project/buildScope';
import { UNKNOWN_CONFIG } from '../project/sdkconfig';
import { sizeNotice } from '../analysis/fileLimit';
import { shiftRange } from './documents';
import type { TreeCache } from './treeCache';
import type { ProjectEntry, WorkspaceProjects } from './workspaceProjects';

export interface OpenDoc {
  uri: string;
  /** File path of a file: URI (index key, project and exclude lookups), else null. */
  path: string | null;
  doc: TextDocument;
  /** Facts of the text at `factsVersion`; null when the text cannot hold a finding. */
  facts: FileFacts | null;
  factsVersion: number;
  /** The index this document contributes to, and a signature of what it contributes. */
  index: ProjectIndex | null;
  exports: string | null;
  analyzed: { version: number; epoch: number } | null;
  findings: Finding[];
  /** What was last published (identical re-grades are not re-sent). */
  published: string;
  parseCostMs: number;
  /** When the last analysis ended (performance.now()). */
  analyzedAt: number;
  /** When the first change not yet analysed arrived (diagnostics latency). */
  changedAt: number | null;
  changedCpu: NodeJS.CpuUsage;
  /** When the last change arrived: a deferred parse runs once typing has paused. */
  lastChangeAt: number;
  /** Findings of the last exact analysis, and the changes since (null after a whole-text change). */
  exactFindings: Finding[];
  changesSinceExact: TextDocumentContentChangeEvent[] | null;
  /** True when the published findings are earlier ones moved along with the edits (parse deferred). */
  deferred: boolean;
  /** The text went over the per-file size limit and the user was told (once per open document). */
  tooLargeNoticed: boolean;
}

export function newOpenDoc(uri: string, path: string | null, doc: TextDocument): OpenDoc {
  return {
    uri,
    path,
    doc,
    facts: null,
    factsVersion: -1,
    index: null,
    exports: null,
    analyzed: null,
    findings: [],
    published: '',
    parseCostMs: 0,
    analyzedAt: 0,
    changedAt: performance.now(),
    changedCpu: process.cpuUsage(),
    lastChangeAt: 0,
    exactFindings: [],
    changesSinceExact: null,
    deferred: false,
    tooLargeNoticed: false,
  };
}

/** The document's key in the tree cache and its project index: its path, or its URI when unsaved. */
export function keyOf(state: OpenDoc): string {
  return state.path ?? state.uri;
}

/** Texts this long get a parse budget while being typed in (a full parse costs more than a keystroke may). */
const LARGE_TEXT = 64 * 1024;
const PARSE_BUDGET_MS = 10;

export class DocumentAnalyzer {
  constructor(
    private readonly trees: TreeCache,
    private readonly projects: WorkspaceProjects,
    /** Called when a document changed what it contributes to its project index. */
    private readonly exportsChanged: () => void,
    /** Tells the user something once (a document over the size limit is not analysed). */
    private readonly notice: (message: string) => void = () => undefined,
  ) {}

  /**
   * The findings of the document's current text, re-using its facts when only the grading changed.
   * Unless `exact`, a large document's parse has a budget: when it runs over, the last exact
   * findings are moved along with the edits made since (`state.deferred`), and the caller runs an
   * exact analysis once typing pauses.
   */
  findings(
    state: OpenDoc,
    entry: ProjectEntry | undefined,
    settings: Settings,
    exact: boolean,
  ): Finding[] {
    const found = this.analyse(state, entry, settings, exact);
    state.deferred = found === null;
    if (found === null) {
      return state.exactFindings.flatMap((f) => {
        const range = shiftRange(f.range, state.changesSinceExact ?? []);
        return range ? [{ ...f, range, fix: undefined, fixable: false }] : [];
      });
    }
    state.exactFindings = found;
    state.changesSinceExact = [];
    return found;
  }

  private analyse(
    state: OpenDoc,
    entry: ProjectEntry | undefined,
    settings: Settings,
    exact: boolean,
  ): Finding[] | null {
    const key = keyOf(state);
    const index = this.projects.indexOf(entry);
    if (state.path && this.projects.isExcluded(state.path, entry, settings.exclude)) {
      this.trees.delete(key);
      this.contribute(state, index, null);
      return [];
    }
    const text = state.doc.getText();
    if (state.factsVersion !== state.doc.version) {
      const started = performance.now();
      const tooLarge = sizeNotice(keyOf(state), text);
      if (tooLarge && !state.tooLargeNoticed) this.notice(tooLarge);
      state.tooLargeNoticed ||= tooLarge !== null;
      if (!tooLarge && mayHoldFacts(text)) {
        const budget =
          !exact && state.changesSinceExact && text.length >= LARGE_TEXT
            ? PARSE_BUDGET_MS
            : undefined;
        const tree = this.trees.parse(key, text, budget);
        if (!tree) return null;
        state.facts = extractFacts(tree, text);
      } else {
        // Nothing here can be a finding (or the text is over the size limit): no tree is kept.
        this.trees.delete(key);
        state.facts = null;
      }
      state.factsVersion = state.doc.version;
      state.parseCostMs = performance.now() - started;
    }
    this.contribute(state, index, state.facts);
    if (!state.facts) return [];
    return findingsFromFacts(state.facts, text, {
      config: entry?.project.config ?? UNKNOWN_CONFIG,
      settings: { noPsramSeverity: settings.noPsramSeverity, hostCode: settings.hostCode },
      index,
      macros: entry?.project.macros,
      scope: state.path ? fileScope(entry?.project.build, state.path) : undefined,
    });
  }

  /**
   * Puts the document's facts into its project index when what it tells other files changed.
   * Keystrokes that do not change a class, a shared/weak declaration or a factory namespace leave
   * the index (and its merged view) as it is.
   */
  private contribute(state: OpenDoc, index: ProjectIndex, facts: FileFacts | null): void {
    const exports = facts ? exportSignature(facts) : null;
    if (state.index === index && state.exports === exports) return;
    const key = keyOf(state);
    if (state.index && state.index !== index) state.index.delete(key);
    if (facts) index.set(key, facts);
    else index.delete(key);
    state.index = index;
    state.exports = exports;
    this.exportsChanged();
  }
}

function exportSignature(f: FileFacts): string {
  return JSON.stringify([
    f.classes,
    f.allocators,
    f.sharedNames,
    f.weakNames,
    f.madeShared,
    f.factoryNamespaces,
  ]);
}
