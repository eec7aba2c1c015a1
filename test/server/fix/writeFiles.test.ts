import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeExact, removeLeftovers, writeAtomically } from '../../../server/fix/writeFiles';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'psram-write-'));
}

void describe('writeAtomically', () => {
  test('replaces the whole file, keeps its mode and leaves no temp file', async () => {
    const dir = scratch();
    const path = join(dir, 'a.cpp');
    writeFileSync(path, 'old\r\n');
    chmodSync(path, 0o640);
    await writeAtomically(path, 'new\r\n', 'old\r\n');
    assert.equal(readFileSync(path, 'utf8'), 'new\r\n');
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['a.cpp']);
  });

  test('refuses when the file changed since the plan was made', async () => {
    const dir = scratch();
    const path = join(dir, 'b.cpp');
    writeFileSync(path, 'edited meanwhile');
    await assert.rejects(writeAtomically(path, 'new', 'old'), /changed while fixing/);
    assert.equal(readFileSync(path, 'utf8'), 'edited meanwhile');
    assert.deepEqual(readdirSync(dir), ['b.cpp']);
  });

  test('creates a new file with its folders, never overwriting one that appeared', async () => {
    const dir = scratch();
    const path = join(dir, 'inc', 'deep', 'h.hpp');
    await writeAtomically(path, 'header', undefined);
    assert.equal(readFileSync(path, 'utf8'), 'header');
    await assert.rejects(writeAtomically(path, 'other', undefined), /appeared while fixing/);
  });
});

void describe('decodeExact', () => {
  test('accepts UTF-8 with a BOM, rejects bytes that would not round-trip', () => {
    assert.equal(decodeExact(Buffer.from('\uFEFFé\r\n', 'utf8')), '\uFEFFé\r\n');
    assert.equal(decodeExact(Buffer.from([0x61, 0xe9, 0x0a])), null);
  });
});

void describe('writing under faults (issue 12 fix 5, issue 15 fix under faults)', () => {
  test('keeps group write whatever the umask', async () => {
    const dir = scratch();
    const path = join(dir, 'g.cpp');
    writeFileSync(path, 'old');
    chmodSync(path, 0o664);
    const before = process.umask(0o077);
    try {
      await writeAtomically(path, 'new', 'old');
    } finally {
      process.umask(before);
    }
    assert.equal(statSync(path).mode & 0o7777, 0o664);
  });

  test('refuses a read-only file with one clear line and leaves it as it was', async () => {
    const dir = scratch();
    const path = join(dir, 'ro.cpp');
    writeFileSync(path, 'old');
    chmodSync(path, 0o444);
    await assert.rejects(writeAtomically(path, 'new', 'old'), (e: Error) => {
      assert.equal(e.message, `${path}: read-only; not rewritten (make it writable to migrate it)`);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['ro.cpp']);
  });

  test('a failed write names the file and the cause, never the temp file', async () => {
    const dir = scratch();
    const path = join(dir, 'gone', 'x.cpp');
    await assert.rejects(writeAtomically(path, 'new', 'old'), (e: Error) => {
      assert.match(
        e.message,
        /^.*gone\/x\.cpp: cannot read \(no such file or directory\); not written$/,
      );
      assert.doesNotMatch(e.message, /psram-lens\.tmp/);
      return true;
    });
  });

  test('the next run removes temp files an interrupted run left, and only those', async () => {
    const dir = scratch();
    writeFileSync(join(dir, '.a.cpp.0badc0de.psram-lens.tmp'), 'half');
    writeFileSync(join(dir, '.keep.tmp'), 'mine');
    writeFileSync(join(dir, 'a.cpp'), 'x');
    assert.equal(await removeLeftovers(dir), 1);
    assert.deepEqual(readdirSync(dir).sort(), ['.keep.tmp', 'a.cpp']);
  });

  test('a process killed by SIGTERM mid-run leaves no temp file', async () => {
    const dir = scratch();
    const path = join(dir, 'big.cpp');
    writeFileSync(path, 'old');
    // The child starts writing 64 MiB and kills itself while the temp file exists.
    const script = `
      const { writeAtomically } = require(${JSON.stringify(join(__dirname, '../../../server/fix/writeFiles.ts'))});
      const fs = require('node:fs');
      const timer = setInterval(() => {
        if (fs.readdirSync(${JSON.stringify(dir)}).some((n) => n.endsWith('.psram-lens.tmp'))) {
          process.kill(process.pid, 'SIGTERM');
        }
      }, 1);
      writeAtomically(${JSON.stringify(path)}, 'x'.repeat(64 << 20), 'old').then(() => clearInterval(timer));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    assert.equal(r.signal ?? (r.status === 0 ? 'finished' : r.stderr), 'SIGTERM');
    assert.deepEqual(readdirSync(dir), ['big.cpp']);
    assert.equal(readFileSync(path, 'utf8'), 'old');
  });
});
