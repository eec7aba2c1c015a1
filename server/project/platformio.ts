/**
 * PlatformIO projects (`platformio.ini`): the environment PSRAM Lens grades by (the first of
 * `[platformio] default_envs`, else the first `[env:…]`), its frameworks, board and `-D` build
 * flags. `[env]` is the base every environment extends (PlatformIO "Project Configuration File").
 */
import type { SdkValue } from './sdkconfig';
import { definesOf } from './macros';

export interface PioEnv {
  name: string;
  /** `espidf`, `arduino`, or both (Arduino as an ESP-IDF component). */
  frameworks: string[];
  board: string | null;
  defines: Map<string, SdkValue>;
}

type Sections = Map<string, Map<string, string>>;

function sections(text: string): Sections {
  const out: Sections = new Map();
  let current: Map<string, string> | null = null;
  let key: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[;#].*$/, '').replace(/^[;#].*$/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = new Map();
      out.set(header[1].trim(), current);
      key = null;
      continue;
    }
    if (!current || line.trim() === '') continue;
    // Indented lines continue the previous value (multi-line build_flags).
    if (/^\s/.test(line) && key) {
      current.set(key, `${current.get(key) ?? ''}\n${line.trim()}`);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv) {
      key = kv[1].trim();
      current.set(key, kv[2].trim());
    }
  }
  return out;
}

const list = (v: string | undefined): string[] => (v ?? '').split(/[\s,]+/).filter((x) => x !== '');

/** The environment to grade by, or null when the file names none. */
export function gradedEnvironment(text: string): PioEnv | null {
  const s = sections(text);
  const base = s.get('env') ?? new Map<string, string>();
  const names = [...s.keys()].filter((k) => k.startsWith('env:')).map((k) => k.slice(4));
  const wanted = list(s.get('platformio')?.get('default_envs')).find((n) => names.includes(n));
  const name = wanted ?? names[0];
  if (!name) return null;
  const own = s.get(`env:${name}`) ?? new Map<string, string>();
  const get = (k: string): string | undefined => own.get(k) ?? base.get(k);
  const flags = [...list(base.get('build_flags')), ...list(own.get('build_flags'))];
  return {
    name,
    frameworks: list(get('framework')),
    board: get('board') ?? null,
    defines: definesOf(flags),
  };
}
