/**
 * Adds a component to the REQUIRES or PRIV_REQUIRES of an `idf_component_register(...)` call, as a
 * person would: appended to the existing list in its quoting style, or a new keyword line aligned
 * with the call's other keywords. Idempotent: nothing when the component is already required with
 * that visibility or stronger (REQUIRES also satisfies a private need). Which one applies:
 * docs/reference/build-system.md (G2).
 */
import { type TextEdit, dominantEol, startOfLine } from './textEdit';

export type Visibility = 'REQUIRES' | 'PRIV_REQUIRES';

interface Word {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

const KEYWORD = /^[A-Z][A-Z_]+$/;

function words(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  const re = /#[^\r\n]*|"((?:[^"\\]|\\.)*)"|[^\s()"#]+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    if (m[0].startsWith('#')) continue;
    out.push({
      text: m[1] ?? m[0],
      start: m.index,
      end: m.index + m[0].length,
      quoted: m[1] !== undefined,
    });
  }
  return out;
}

/** The edit requiring `component`, or null when none is needed (or there is no register call). */
export function requirementEdit(
  cmake: string,
  component: string,
  visibility: Visibility,
): TextEdit | null {
  const call = /\bidf_component_register\s*\(/.exec(cmake);
  if (!call) return null;
  const open = call.index + call[0].length - 1;
  let depth = 0;
  let close = -1;
  for (let i = open; i < cmake.length && close < 0; i++) {
    const c = cmake[i];
    if (c === '#') {
      while (i < cmake.length && cmake[i] !== '\n') i++;
    } else if (c === '"') {
      for (i++; i < cmake.length && cmake[i] !== '"'; i++) if (cmake[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) close = i;
  }
  if (close < 0) return null;
  const args = words(cmake, open + 1, close);
  const lists = new Map<string, Word[]>();
  const keywords: Word[] = [];
  let current: Word[] | null = null;
  for (const w of args) {
    if (!w.quoted && KEYWORD.test(w.text)) {
      keywords.push(w);
      current = lists.get(w.text) ?? [];
      lists.set(w.text, current);
    } else current?.push(w);
  }
  const has = (k: Visibility): boolean =>
    (lists.get(k) ?? []).some((w) => w.text.split(/\s+/).includes(component));
  if (has('REQUIRES') || (visibility === 'PRIV_REQUIRES' && has('PRIV_REQUIRES'))) return null;

  const list = lists.get(visibility);
  const keyword = keywords.find((k) => k.text === visibility);
  if (keyword && list) {
    const last = list[list.length - 1] ?? keyword;
    const quoted = list.length > 0 && list.every((w) => w.quoted);
    const name = quoted ? `"${component}"` : component;
    return { start: last.end, end: last.end, newText: ` ${name}`, label: 'requirement' };
  }
  // A new keyword line, aligned like the call's other keyword lines (or after the first argument).
  const eol = dominantEol(cmake);
  const aligned = keywords.find((k) => startOfLine(cmake, k.start) > open);
  const column = aligned
    ? aligned.start - startOfLine(cmake, aligned.start)
    : open + 1 - startOfLine(cmake, open);
  // Component names are usually unquoted; follow the other requirement list if it quotes them.
  const other = lists.get(visibility === 'REQUIRES' ? 'PRIV_REQUIRES' : 'REQUIRES') ?? [];
  const name = other.length > 0 && other.every((w) => w.quoted) ? `"${component}"` : component;
  const lastArg = args[args.length - 1];
  const at = lastArg ? lastArg.end : open + 1;
  return {
    start: at,
    end: at,
    newText: `${eol}${' '.repeat(column)}${visibility} ${name}`,
    label: 'requirement',
  };
}
