import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanLine, stripAnsi, stripHostPrefix } from '../../../server/logparse/clean';

describe('stripAnsi', () => {
  test('removes the firmware colours and the monitor decode colours', () => {
    assert.equal(
      stripAnsi('\x1b[0;31mE (4410) net: socket failed \x1b[0m'),
      'E (4410) net: socket failed ',
    );
    assert.equal(
      stripAnsi('--- 0x1: \x1b[0;33mf\x1b[0m at \x1b[0;32m/a.c\x1b[0m:\x1b[0;31m3\x1b[0m'),
      '--- 0x1: f at /a.c:3',
    );
  });
  test('removes OSC sequences and two-byte escapes; a trailing lone ESC disappears', () => {
    assert.equal(stripAnsi('a\x1b]0;title\x07b\x1b]8;;x\x1b\\c\x1bMd\x1b'), 'abcd');
  });
  test('an unterminated CSI swallows the rest of the line, never more', () => {
    assert.equal(stripAnsi('ok\x1b[0;3'), 'ok');
  });
});

describe('stripHostPrefix', () => {
  const cases: [string, string][] = [
    ['[12:00:01] I (1) a: b', 'I (1) a: b'],
    ['[12:00:01.123] I (1) a: b', 'I (1) a: b'],
    ['[2025-03-02 12:00:01.123] heap', 'heap'],
    ['2025-01-15 10:42:07 I (24) boot: x', 'I (24) boot: x'],
    ['12:00:01.123 -> I (1) a: b', 'I (1) a: b'],
    ['12:00:01.123 > text', 'text'],
    ['[12:00:01] [12:00:01.5] twice', 'twice'],
  ];
  for (const [input, want] of cases) {
    test(`strips ${JSON.stringify(input.slice(0, 26))}`, () =>
      assert.equal(stripHostPrefix(input), want));
  }
  test('keeps device text that merely looks similar', () => {
    for (const s of [
      '[wifi] hello',
      '[12] x',
      '32 bytes (@ 0x3ffb4e20)',
      '12:00 meeting',
      '2025-01-15 x',
    ]) {
      assert.equal(stripHostPrefix(s), s);
    }
  });
  test('cleanLine strips colour inside the host prefix order monitors use', () => {
    assert.equal(cleanLine('[12:00:01] \x1b[0;32mI (1) a: b\x1b[0m'), 'I (1) a: b');
  });
});
