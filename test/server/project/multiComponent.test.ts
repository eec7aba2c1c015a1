/**
 * `psram-lens check` on examples/multi-component (real tree-sitter, real files): every `// @PSR00x`
 * marker is a finding and every other line has none; `@PSR00x:information` findings are graded down
 * (host code by the components' CMakeLists.txt, a branch off in the sdkconfig, an allocator that
 * decides). The Arduino sketch beside it is its own project, graded with the arduino-esp32 defaults.
 */
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_GRADE_SETTINGS } from '../../../server/analysis/grading';
import { collectSourceFiles } from '../../../server/analysis/sourceFiles';
import { checkWorkspace } from '../../../server/analysis/workspaceCheck';
import { found, markers } from './helpers';

const example = join(__dirname, '..', '..', '..', 'examples', 'multi-component');
const rel = (f: string): string => relative(example, f).split('\\').join('/');

describe('examples/multi-component', () => {
  test('every marked finding, nothing else, with the marked severities', async () => {
    const result = await checkWorkspace({ paths: [example], settings: DEFAULT_GRADE_SETTINGS });
    const files = (await collectSourceFiles([example], async () => false)).files;
    assert.ok(
      files.some((f) => f.endsWith('.ino')),
      'the sketch is walked',
    );
    const want = markers(files, rel);
    const got = found(result.results, rel, want.severities);
    assert.deepEqual(got.codes, want.codes);
    assert.deepEqual(got.severities, want.severities);
  });

  test('the sketch is an Arduino project graded with the core defaults; the rest is ESP-IDF', async () => {
    const result = await checkWorkspace({ paths: [example], settings: DEFAULT_GRADE_SETTINGS });
    const kinds = result.projects.map((p) => `${rel(p.root) || '.'} ${p.kind}`).sort();
    assert.deepEqual(kinds, ['. esp-idf', 'arduino/PsramSketch arduino']);
    const sketch = result.projects.find((p) => p.kind === 'arduino');
    assert.equal(sketch?.config.alwaysInternalThreshold, 4096);
    assert.equal(sketch?.config.psram, true);
    const idf = result.projects.find((p) => p.kind === 'esp-idf');
    assert.equal(idf?.build?.origin, 'cmake');
  });

  test('allocator-decides findings are not offered a rewrite; the shadowed reset is no finding', async () => {
    const result = await checkWorkspace({ paths: [example], settings: DEFAULT_GRADE_SETTINGS });
    const all = result.results.flatMap((r) => r.findings.map((f) => ({ file: rel(r.file), f })));
    const decides = all.filter(({ f }) => /the allocator decides/.test(f.message));
    assert.equal(decides.length, 2);
    assert.ok(decides.every(({ f }) => !f.fixable));
    assert.ok(!all.some(({ file }) => file === 'components/net/src/transport.cpp'));
  });

  test('classes defined in headers that never mention a smart pointer still give sizes', async () => {
    const result = await checkWorkspace({ paths: [example], settings: DEFAULT_GRADE_SETTINGS });
    const messages = result.results.flatMap((r) => r.findings.map((f) => f.message));
    // net/src/transport.hpp: std::string (24) + uint32_t; media/src/frame.hpp: 8 + 4 + 4 + 3 pointers, 8-aligned.
    assert.ok(messages.some((m) => m.includes('object Transport (28 B)')));
    assert.ok(messages.some((m) => m.includes('object Frame and control block (≈48 B: 32 + 16)')));
  });

  test('hostCode off: host code and branches off in the sdkconfig are not reported', async () => {
    const result = await checkWorkspace({
      paths: [example],
      settings: { ...DEFAULT_GRADE_SETTINGS, hostCode: 'off' },
    });
    const messages = result.results.flatMap((r) => r.findings.map((f) => f.message));
    assert.ok(messages.length > 0);
    assert.ok(messages.every((m) => !m.startsWith('Not built for the ESP target')));
    const files = result.results.map((r) => rel(r.file));
    assert.ok(!files.includes('components/media/src/sim_clock.cpp'));
    assert.ok(!files.includes('components/net/host_test/session_host_test.cpp'));
  });
});
