/**
 * The ESP-IDF projects the server knows: their sdkconfig facts, one cross-file facts index each
 * (class shapes, names declared shared_ptr / weak_ptr, PSRAM factory namespaces), and which files
 * `psramLens.exclude` removes. Projects are discovered under the workspace folders; a file opened
 * from elsewhere finds its project by walking up to the nearest project root.
 */
import { basename, dirname, relative } from 'node:path';
import { ProjectIndex } from '../analysis/projectIndex';
import { excludeMatcher } from '../analysis/sourceFiles';
import {
  type IdfProject,
  findEnclosingProjectRoot,
  findProjects,
  loadProject,
  projectForFile,
} from '../project/discovery';
import { isInside } from '../project/paths';
import type { ProjectStatus } from '../protocol/lsp';

export interface ProjectEntry {
  project: IdfProject;
  index: ProjectIndex;
}

/** sdkconfig, sdkconfig.defaults, PlatformIO's sdkconfig.<env>. */
const isConfigFile = (name: string): boolean =>
  name === 'sdkconfig' || name.startsWith('sdkconfig.');
/** Files that can add or remove a project, or change which files a build compiles. */
const LAYOUT_FILES = new Set(['CMakeLists.txt', 'platformio.ini', 'compile_commands.json']);

export class WorkspaceProjects {
  private readonly entries = new Map<string, ProjectEntry>();
  /** Facts of files that belong to no project (they only see each other). */
  private readonly looseIndex = new ProjectIndex();
  private readonly rootsOfDirs = new Map<string, Promise<string | null>>();
  private readonly matchers = new Map<string, (rel: string) => boolean>();
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly folders: string[]) {}

  /** Finds the projects under the workspace folders; lookups wait for it. */
  discover(): Promise<void> {
    this.ready = findProjects(this.folders).then((found) => {
      const roots = new Set(found.map((p) => p.root));
      for (const root of this.entries.keys()) if (!roots.has(root)) this.entries.delete(root);
      for (const project of found) this.put(project);
    });
    return this.ready;
  }

  /** The roots of the projects under the workspace folders, once discovery is done. */
  async roots(): Promise<string[]> {
    await this.ready;
    return this.list()
      .map((e) => e.project.root)
      .filter((root) => this.folders.some((f) => f === root || isInside(f, root)));
  }

  /** Resolves when the discovery in progress (if any) is done. */
  settled(): Promise<void> {
    return this.ready;
  }

  list(): ProjectEntry[] {
    return [...this.entries.values()];
  }

  /** The project `path` belongs to, if any. */
  async forFile(path: string): Promise<ProjectEntry | undefined> {
    await this.ready;
    const known = projectForFile(
      this.list().map((e) => e.project),
      path,
    );
    if (known) return this.entries.get(known.root);
    const root = await this.rootOf(dirname(path));
    if (!root) return undefined;
    return this.entries.get(root) ?? this.put(await loadProject(root));
  }

  indexOf(entry: ProjectEntry | undefined): ProjectIndex {
    return entry?.index ?? this.looseIndex;
  }

  /**
   * True when `psramLens.exclude` names the file, relative to its project root (or to the
   * workspace folder holding it, outside any project).
   */
  isExcluded(path: string, entry: ProjectEntry | undefined, globs: string[]): boolean {
    const root = entry?.project.root ?? this.folders.find((f) => isInside(f, path));
    if (!root || globs.length === 0) return false;
    const key = JSON.stringify(globs);
    let match = this.matchers.get(key);
    if (!match) {
      match = excludeMatcher(globs);
      this.matchers.set(key, match);
    }
    return match(relative(root, path));
  }

  /**
   * Watched files changed on disk. sdkconfig / sdkconfig.defaults re-read their project's
   * configuration; a CMakeLists.txt may add or remove a project. True when findings may change.
   */
  async configFilesChanged(paths: string[]): Promise<boolean> {
    let changed = false;
    if (paths.some((p) => LAYOUT_FILES.has(basename(p)) || p.endsWith('.ino'))) {
      this.rootsOfDirs.clear();
      await this.discover();
      changed = true;
    }
    const roots = new Set(paths.filter((p) => isConfigFile(basename(p))).map(dirname));
    for (const root of roots) {
      if (!this.entries.has(root)) continue;
      this.put(await loadProject(root));
      changed = true;
    }
    return changed;
  }

  status(): ProjectStatus[] {
    return this.list().map(({ project: p }) => ({
      root: p.root,
      sdkconfigPath: p.sdkconfigPath,
      target: p.config.targetName,
      psram: p.config.psram,
      spiramUseMalloc: p.config.spiramUseMalloc,
      alwaysInternalThreshold: p.config.alwaysInternalThreshold,
      errors: p.errors,
      kind: p.kind ?? 'esp-idf',
      configSource: p.configSource,
      build: p.build && p.build.origin !== 'none' ? p.build.from : null,
    }));
  }

  /** Adds or refreshes a project, keeping its facts index. */
  private put(project: IdfProject): ProjectEntry {
    const entry = { project, index: this.entries.get(project.root)?.index ?? new ProjectIndex() };
    this.entries.set(project.root, entry);
    return entry;
  }

  private rootOf(dir: string): Promise<string | null> {
    let r = this.rootsOfDirs.get(dir);
    if (!r) {
      r = findEnclosingProjectRoot(dir);
      this.rootsOfDirs.set(dir, r);
    }
    return r;
  }
}
