import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogTail } from '../../../extension/monitor/logTail';

async function until(pred: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('following a log file', () => {
  test('reads existing text, then appends; a truncated file restarts the session', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'psram-lens-tail-')), 'monitor.log');
    writeFileSync(file, 'I (1) a: one\n');
    let text = '';
    let restarts = 0;
    const errors: string[] = [];
    const tail = await LogTail.start(file, {
      fromStart: true,
      intervalMs: 10,
      onData: (c) => (text += c.toString()),
      onRestart: () => {
        restarts++;
        text = '';
      },
      onError: (m) => errors.push(m),
    });
    await until(() => text === 'I (1) a: one\n');
    appendFileSync(file, 'I (2) a: two\n');
    await until(() => text.endsWith('two\n'));
    writeFileSync(file, 'I (3) b\n');
    await until(() => restarts === 1 && text === 'I (3) b\n');
    await tail.stop();
    assert.deepEqual(errors, []);
  });

  test('fromStart false skips what is already there; a missing file is an error message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'psram-lens-tail-')), 'monitor.log');
    writeFileSync(file, 'old\n');
    let text = '';
    const errors: string[] = [];
    const tail = await LogTail.start(file, {
      fromStart: false,
      intervalMs: 10,
      onData: (c) => (text += c.toString()),
      onError: (m) => errors.push(m),
    });
    appendFileSync(file, 'new\n');
    await until(() => text === 'new\n');
    await tail.stop();
    await assert.rejects(
      LogTail.start(`${file}.missing`, {
        fromStart: false,
        onData: () => undefined,
        onError: () => undefined,
      }),
    );
  });
});
