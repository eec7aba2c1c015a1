import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeapEvent } from '../../../server/protocol/events';
import { followFile } from '../../../server/logparse/follow';

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), 'condition reached in time');
}

describe('followFile', () => {
  test('parses appended text, restarts on truncation and rotation, finishes on abort', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psram-lens-follow-'));
    const file = join(dir, 'monitor.log');
    writeFileSync(file, 'I (1) a: one\nI (2) a: tw');
    const events: HeapEvent[] = [];
    const notices: string[] = [];
    const stop = new AbortController();
    const done = followFile(file, {
      pollMs: 10,
      signal: stop.signal,
      onEvents: (e) => void events.push(...e),
      onNotice: (m) => notices.push(m),
    });
    const messages = (): string[] => events.flatMap((e) => (e.kind === 'log' ? [e.message] : []));
    await until(() => messages().includes('one'));
    appendFileSync(file, 'o\n');
    await until(() => messages().includes('two'));
    writeFileSync(file, 'I (9) b: new\n');
    await until(() => messages().includes('new'));
    renameSync(file, join(dir, 'monitor.1.log'));
    writeFileSync(file, 'I (5) c: rotated\n');
    await until(() => messages().includes('rotated'));
    appendFileSync(file, 'I (6) c: unterminated');
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    await done;
    assert.deepEqual(messages(), ['one', 'two', 'new', 'rotated', 'unterminated']);
    assert.deepEqual(
      events.map((e) => e.line),
      [1, 2, 1, 1, 2],
    );
    assert.equal(notices.length, 2);
    assert.match(notices[0], /truncated/);
    assert.match(notices[1], /rotated/);
  });

  test('a file that cannot be opened rejects at once', async () => {
    await assert.rejects(
      followFile(join(tmpdir(), 'no-such-dir-psram-lens', 'x.log'), {
        signal: new AbortController().signal,
        onEvents: () => undefined,
      }),
      /ENOENT/,
    );
  });
});
