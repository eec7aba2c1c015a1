/**
 * Settings per resource, pulled from the client with `workspace/configuration` (section
 * `psramLens`, scoped to the document), validated by the one schema, cached per URI and cleared
 * when the client says configuration changed. Clients that cannot answer `workspace/configuration`
 * push the section with `didChangeConfiguration` instead; that value then applies everywhere.
 */
import { DEFAULT_SETTINGS, type Settings, parseSettings } from '../config/settings';

/** Asks the client for the raw `psramLens` section as seen from `uri`. */
export type SectionFetcher = (uri: string | undefined) => Promise<unknown>;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  /** Problems already reported: a bad value is reported once, not on every keystroke. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly fetch: SectionFetcher | null,
    private readonly warn: (message: string) => void,
  ) {}

  /** The settings that apply to `uri` (the workspace-wide ones when `uri` is undefined). */
  get(uri?: string): Promise<Settings> {
    const key = uri ?? '';
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(uri);
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** Configuration changed: forget everything (a pushed section replaces the fallback). */
  clear(pushedSection?: unknown): void {
    this.cache.clear();
    if (!this.fetch && pushedSection !== undefined) this.pushed = this.validate(pushedSection);
  }

  private async load(uri: string | undefined): Promise<Settings> {
    if (!this.fetch) return this.pushed;
    try {
      return this.validate(await this.fetch(uri));
    } catch (e) {
      this.warn(`cannot read settings for ${uri ?? 'the workspace'}: ${String(e)}; using defaults`);
      return DEFAULT_SETTINGS;
    }
  }

  private validate(raw: unknown): Settings {
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.warn(`invalid setting ${p}; using its default`);
    }
    return settings;
  }
}
