/**
 * The documentation is self-contained: every relative link in a tracked Markdown file reaches a file
 * of the repository (and a heading, when it names one), the rule links the diagnostics carry reach
 * their README sections, and nothing in the repository cites files that live outside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../server/analysis/rules';

const root = join(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && existsSync(join(root, f)));
const markdown = tracked.filter(
  (f) => f.endsWith('.md') && !f.startsWith('examples/') && !f.startsWith('test/fixtures/'),
);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces become hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^#{1,6} (.*)$/.exec(line);
    if (fenced || !m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Inline links and images outside code: `[text](target)`. */
function linksOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe('documentation links', () => {
  test('there are Markdown files to check', () => {
    assert.ok(markdown.includes('README.md') && markdown.includes('ARCHITECTURE.md'));
  });

  for (const file of markdown) {
    test(`${file}: every relative link reaches a file and heading of the repository`, () => {
      const broken: string[] = [];
      for (const link of linksOf(file)) {
        if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
        const [path, anchor] = link.split('#', 2);
        const target = path === '' ? join(root, file) : join(root, dirname(file), path);
        const rel = relative(root, target);
        if (rel.startsWith('..') || !existsSync(target)) {
          broken.push(`${link} (no file ${rel})`);
        } else if (anchor && statSync(target).isFile() && target.endsWith('.md')) {
          if (!anchorsOf(rel).has(anchor)) broken.push(`${link} (no heading #${anchor} in ${rel})`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  test('every rule links to its README section', () => {
    const readme = anchorsOf('README.md');
    for (const rule of Object.values(RULES)) {
      assert.ok(readme.has(rule.anchor), `README.md has no heading for #${rule.anchor}`);
    }
  });
});

describe('the repository is self-contained', () => {
  // Spelled in pieces so that this file does not match itself.
  const outside = [
    ['..', '/shared/'].join(''),
    ['/work', '/shared'].join(''),
    ['esp-heap', '-facts'].join(''),
  ];
  const text = tracked.filter((f) =>
    /\.(ts|mts|mjs|cjs|js|json|md|tmpl|hpp|cpp|h|yml|yaml)$|^\.ci\//.test(f),
  );

  test('no comment or document cites a file outside the repository', () => {
    const hits: string[] = [];
    for (const file of text) {
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (outside.some((s) => line.includes(s))) hits.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(hits, []);
  });

  test('every docs/ file that code or a document names exists', () => {
    const missing = new Set<string>();
    for (const file of text) {
      const content = readFileSync(join(root, file), 'utf8');
      for (const m of content.matchAll(/\bdocs\/[\w/.-]+\.md\b/g)) {
        if (!existsSync(join(root, m[0]))) missing.add(`${m[0]} (named in ${file})`);
      }
    }
    assert.deepEqual([...missing], []);
  });
});
