/** Test helpers: run `psram-lens fix` in this process from a folder, and make scratch projects. */
import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type FixFlags, runFix } from '../../../server/cli/fix';

export interface FixRun {
  code: number;
  /** Report lines, `\n`-joined. */
  stdout: string;
  /** What went to stderr (one `psram-lens: ...` line per problem). */
  stderr: string;
}

/** Runs `fix` from `cwd` (spawning the CLI per call costs seconds), capturing stdout and stderr. */
export async function runFixIn(cwd: string, flags: FixFlags = {}, paths = ['.']): Promise<FixRun> {
  const lines: string[] = [];
  const errs: string[] = [];
  const home = process.cwd();
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => errs.push(s) > 0) as typeof process.stderr.write;
  process.chdir(cwd);
  try {
    const code = await runFix(paths, flags, (l) => lines.push(l));
    return { code, stdout: lines.join('\n'), stderr: errs.join('') };
  } finally {
    process.chdir(home);
    process.stderr.write = write;
  }
}

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temp folder removed after the test file. */
export function scratchDir(prefix = 'psram-fix-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** An ESP-IDF project (top-level CMakeLists.txt and a PSRAM sdkconfig) with the given files. */
export function idfProject(files: Record<string, string | Buffer>): string {
  const dir = scratchDir('psram-project-');
  const all: Record<string, string | Buffer> = {
    'CMakeLists.txt':
      'cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(p)\n',
    sdkconfig: 'CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\n',
    ...files,
  };
  for (const [rel, body] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
  return dir;
}
