import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeapEvent } from '../../../server/protocol/events';
import { followFile } from '../../../server/logparse/follow';

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), 'condition reached in time');
}

/** Follows a new temp file holding `first`; `onEvents` adds what it is given to `events`. */
function following(
  first: string,
  onEvents: (e: HeapEvent[], out: HeapEvent[]) => void | Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'psram-lens-follow-'));
  const file = join(dir, 'monitor.log');
  writeFileSync(file, first);
  const events: HeapEvent[] = [];
  const notices: string[] = [];
  const stop = new AbortController();
  const done = followFile(file, {
    pollMs: 10,
    signal: stop.signal,
    onEvents: (e) => onEvents(e, events),
    onNotice: (m) => notices.push(m),
  });
  const messages = (): string[] => events.flatMap((e) => (e.kind === 'log' ? [e.message] : []));
  return { dir, file, events, notices, stop, done, messages };
}

describe('followFile', () => {
  test('parses appended text, restarts on truncation and rotation, finishes on abort', async () => {
    const { dir, file, events, notices, stop, done, messages } = following(
      'I (1) a: one\nI (2) a: tw',
      (e, out) => void out.push(...e),
    );
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

  test('replaced twice within one poll, truncated and regrown, deleted: nothing lost, each said', async () => {
    const { dir, file, notices, stop, done, messages } = following(
      'I (1) a: first\n',
      async (e, out) => {
        // A slow consumer (decoding) holds the reader back; nothing may be skipped meanwhile.
        await new Promise((r) => setTimeout(r, 1));
        out.push(...e);
      },
    );
    await until(() => messages().includes('first'));
    // Two replacements with no event-loop turn between them: the poll sees only the last file.
    writeFileSync(join(dir, 'b.log'), 'I (2) b: second\n');
    renameSync(join(dir, 'b.log'), file);
    writeFileSync(join(dir, 'c.log'), 'I (3) c: third\nI (4) c: fourth\n');
    renameSync(join(dir, 'c.log'), file);
    await until(() => messages().includes('fourth'));
    // Truncated and regrown past the read position before the next poll (same inode, larger size).
    writeFileSync(
      file,
      'I (5) d: rewritten-one\nI (6) d: rewritten-two\nI (7) d: rewritten-three\n',
    );
    await until(() => messages().includes('rewritten-three'));
    unlinkSync(file);
    await until(() => notices.some((n) => /deleted/.test(n)));
    writeFileSync(file, 'I (8) e: back\n');
    await until(() => messages().includes('back'));
    stop.abort();
    await done;
    assert.deepEqual(messages(), [
      'first',
      'third',
      'fourth',
      'rewritten-one',
      'rewritten-two',
      'rewritten-three',
      'back',
    ]);
    assert.equal(notices.length, 4, notices.join('\n'));
    assert.match(notices[0], /replaced/);
    assert.match(notices[1], /truncated and rewritten/);
    assert.match(notices[2], /deleted; waiting/);
    assert.match(notices[3], /replaced/);
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
