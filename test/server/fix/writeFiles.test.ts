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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeExact, writeAtomically } from '../../../server/fix/writeFiles';

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
