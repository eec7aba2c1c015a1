/**
 * Every `psramLens.*` setting, in ONE schema: type, default, scope and description.
 * It is the source of truth: the server validates what `workspace/configuration` returns
 * against it (and reports bad values in the output channel), and a test checks that
 * package.json `contributes.configuration` says the same (test/server/config/settings.test.ts).
 *
 * Keys nest like the dotted setting names (`factory.namespace` → `{ factory: { namespace } }`),
 * because that is the shape VS Code returns for the `psramLens` section.
 * To add a setting: add a `setting(...)` leaf here and the same property to package.json.
 */
import { z } from 'zod';
import { MONITOR_DEFAULTS, SETTINGS_SECTION } from './section';

/** VS Code configuration scopes (package.json `scope`). */
export type SettingScope =
  | 'application'
  | 'machine'
  | 'window'
  | 'resource'
  | 'language-overridable'
  | 'machine-overridable';

export { SETTINGS_SECTION } from './section';

/**
 * `header.path` stays inside the project: relative, no drive letter, no `..` segment
 * (docs/fix.md, Header path). server/fix/headerPath.ts also resolves symbolic links.
 */
export const HEADER_PATH_PATTERN = String.raw`^(?![/\\]|[A-Za-z]:)(?!(?:.*[/\\])?\.\.(?:[/\\]|$)).*$`;

/**
 * A leaf setting: the scope and the description travel as zod metadata into the JSON schema.
 * Descriptions are Markdown (`markdownDescription`), so code spans and links render in Settings.
 */
function setting<T extends z.ZodType>(
  schema: T,
  scope: SettingScope,
  markdownDescription: string,
): T {
  return schema.meta({ scope, markdownDescription });
}

export const settingsSchema = z.object({
  exclude: setting(
    z.array(z.string()).default(['build/**', 'managed_components/**']),
    'resource',
    'Glob patterns, relative to the ESP-IDF project root, of files that are never analysed (for example `build/**`).',
  ),
  noPsramSeverity: setting(
    z.enum(['off', 'hint']).default('off'),
    'resource',
    'What to show for `shared_ptr` allocations when the project has no PSRAM (`CONFIG_SPIRAM` off): nothing, or hints.',
  ),
  diagnostics: z
    .object({
      scope: setting(
        z.enum(['workspace', 'openFiles']).default('workspace'),
        'window',
        'Which files get diagnostics: every file of the project (`workspace`, as `psram-lens check` sees them), or only the files open in the editor (`openFiles`).',
      ),
    })
    .prefault({}),
  hostCode: setting(
    z.enum(['information', 'off']).default('information'),
    'resource',
    "Findings in code the ESP target never compiles (files that `build/compile_commands.json` or the components' `CMakeLists.txt` leave out, `#if` branches off in the sdkconfig): `information`, or nothing (`off`).",
  ),
  factory: z
    .object({
      namespace: setting(
        z
          .string()
          .regex(/^[A-Za-z_]\w*(::[A-Za-z_]\w*)*$/)
          .default('psram'),
        'resource',
        'C++ namespace of the PSRAM-aware factory (`<namespace>::make_shared`) that fixes rewrite to.',
      ),
    })
    .prefault({}),
  fix: z
    .object({
      style: setting(
        z.enum(['qualified', 'unqualified']).default('qualified'),
        'resource',
        'How fixes spell the factory: `psram::make_shared<T>(...)` (qualified) or `make_shared<T>(...)` with a using-declaration (unqualified).',
      ),
      includeVendored: setting(
        z.boolean().default(false),
        'resource',
        'Also migrate vendored code: `managed_components/`, git submodules and folders named `deps/`, `third_party/`, `vendor/` or `external/` (left alone by default).',
      ),
      includeHostCode: setting(
        z.boolean().default(false),
        'resource',
        "Also migrate host code: files the ESP target's build does not compile (by `build/compile_commands.json`, else by the components' `SRCS`/`SRC_DIRS`), such as linux-target test apps. Left alone by default: their build may not see the factory's header.",
      ),
    })
    .prefault({}),
  header: z
    .object({
      path: setting(
        z
          .string()
          .regex(
            new RegExp(HEADER_PATH_PATTERN),
            'must be a path inside the project (relative, without "..")',
          )
          .default(''),
        'resource',
        'Project-relative path of the PSRAM allocator header that fixes include, such as `components/psram_shared/include/psram_shared.hpp`; never absolute, never outside the project. Empty: the default location (the header gets its own component in an ESP-IDF project).',
      ),
    })
    .prefault({}),
  monitor: z
    .object({
      command: setting(
        z.string().default(MONITOR_DEFAULTS.command),
        'machine',
        'Command line that runs the serial monitor, for example `idf.py -p ${port} monitor`; `${port}` is replaced by the port setting. `idf.py` alone is found through the Espressif extension, `IDF_PATH` or `PATH`. A machine setting: a workspace cannot choose what runs.',
      ),
      port: setting(
        z.string().default(MONITOR_DEFAULTS.port),
        'machine-overridable',
        "Serial port for the monitor, for example `/dev/ttyUSB0`, `COM3` or `rfc2217://host:4000`. Empty: the Espressif extension's `idf.port`, else the monitor chooses.",
      ),
      addr2line: setting(
        z.string().default(''),
        'machine',
        "The toolchain's `addr2line` that decodes device addresses against the application ELF (named by `build/project_description.json`). Empty: found in the ESP-IDF tools directory (`xtensa-esp-elf-`, `xtensa-esp32\u2026-elf-`, `riscv32-esp-elf-`) or on `PATH`. A machine setting: a workspace cannot choose what runs. Used only in trusted workspaces.",
      ),
    })
    .prefault({}),
  trace: z
    .object({
      server: setting(
        z.enum(['off', 'messages', 'verbose']).default('off'),
        'window',
        'Traces the communication between VS Code and the PSRAM Lens language server (**Output › PSRAM Lens**).',
      ),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export interface ParsedSettings {
  settings: Settings;
  /** One line per rejected value (`psramLens.fix.style: Invalid option ...`); its default is used. */
  problems: string[];
}

/**
 * Validates a `psramLens` section. A bad value never discards the others: each rejected
 * value is removed (so its default applies) and reported.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  let input: unknown = isObject(raw) ? structuredClone(raw) : {};
  const problems: string[] = [];
  // Each round removes at least one offending value, so this ends.
  for (;;) {
    const r = settingsSchema.safeParse(input);
    if (r.success) return { settings: r.data, problems };
    for (const issue of r.error.issues) {
      problems.push(`${[SETTINGS_SECTION, ...issue.path].join('.')}: ${issue.message}`);
      input = without(input, issue.path.slice(0, Math.max(1, leafDepth(issue.path))));
    }
  }
}

/** Removing an array element would keep the rest of a half-valid list; drop the whole setting instead. */
function leafDepth(path: PropertyKey[]): number {
  const firstIndex = path.findIndex((p) => typeof p === 'number');
  return firstIndex === -1 ? path.length : firstIndex;
}

function without(value: unknown, path: PropertyKey[]): unknown {
  if (path.length === 0 || !isObject(value)) return undefined;
  const [head, ...rest] = path;
  const copy: Record<PropertyKey, unknown> = { ...value };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

function isObject(v: unknown): v is Record<PropertyKey, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A leaf of the schema as package.json declares it: dotted key and JSON schema. */
export interface SettingLeaf {
  key: string;
  json: Record<string, unknown>;
}

/** Every leaf setting (`factory.namespace`, ...) with its JSON schema (type, default, enum, scope, description). */
export function settingLeaves(): SettingLeaf[] {
  const out: SettingLeaf[] = [];
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, child] of Object.entries(props)) {
      const key = prefix ? `${prefix}.${name}` : name;
      if ('scope' in child) out.push({ key, json: child });
      else walk(child, key);
    }
  };
  walk(z.toJSONSchema(settingsSchema, { io: 'input' }) as Record<string, unknown>, '');
  return out;
}

/** Builds the nested section object from dotted keys (how the extension reads VS Code settings). */
export function nestSettings(values: Iterable<[string, unknown]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of values) {
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] = isObject(node[part]) ? node[part] : {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}
