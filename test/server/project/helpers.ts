/** Temporary projects written from a map of relative path → text, and marker-based expectations. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileFindings } from '../../../server/analysis/workspaceCheck';

export const IDF_TOP =
  'cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(t)\n';

export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'psram-project-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/**
 * `// @PSR001` markers of the given files as `file:line code`, and `// @PSR001:information` as
 * `file:line code severity` (the severity is checked only where a marker names it).
 */
export function markers(files: string[], rel: (f: string) => string) {
  const codes: string[] = [];
  const severities: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(/@(PSR\d{3})(?::(\w+))?/g)) {
          codes.push(`${rel(file)}:${i + 1} ${m[1]}`);
          if (m[2]) severities.push(`${rel(file)}:${i + 1} ${m[1]} ${m[2]}`);
        }
      });
  }
  return { codes: codes.sort(), severities: severities.sort() };
}

/** The findings as `file:line code` and (for the lines in `wanted`) `file:line code severity`. */
export function found(results: FileFindings[], rel: (f: string) => string, wanted: string[]) {
  const codes: string[] = [];
  const severities: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const key = `${rel(r.file)}:${f.range.start.line + 1} ${f.code}`;
      codes.push(key);
      if (wanted.some((w) => w.startsWith(`${key} `))) severities.push(`${key} ${f.severity}`);
    }
  }
  return { codes: codes.sort(), severities: severities.sort() };
}
