import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../../server/logparse/lineSplitter';

function split(chunks: (string | Uint8Array)[], max?: number): string[] {
  const s = new LineSplitter(max);
  const out: string[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}

describe('LineSplitter', () => {
  test('\\n, \\r\\n and a lone \\r each end one line; a final unterminated line is kept', () => {
    assert.deepEqual(split(['a\nb\r\nc\rd']), ['a', 'b', 'c', 'd']);
    assert.deepEqual(split(['a\n\nb\n']), ['a', '', 'b']);
    assert.deepEqual(split(['']), []);
  });

  test('a CRLF split between chunks is one line end', () => {
    assert.deepEqual(split(['a\r', '\nb\r', '', '\n']), ['a', 'b']);
    assert.deepEqual(split(['a\r', 'b']), ['a', 'b']);
  });

  test('a UTF-8 character split between byte chunks is decoded whole', () => {
    const bytes = Buffer.from('✅ Größe\n', 'utf8');
    for (let k = 0; k <= bytes.length; k++) {
      assert.deepEqual(split([bytes.subarray(0, k), bytes.subarray(k)]), ['✅ Größe'], `at ${k}`);
    }
  });

  test('a leading BOM is dropped from text and from bytes alike', () => {
    assert.deepEqual(split(['\ufeffI (1) a: b\n']), ['I (1) a: b']);
    assert.deepEqual(split([Buffer.from('\ufeffI (1) a: b\n', 'utf8')]), ['I (1) a: b']);
    assert.deepEqual(split(['', '\ufeffx']), ['x']);
  });

  test('invalid UTF-8 becomes U+FFFD, never an exception', () => {
    assert.deepEqual(split([new Uint8Array([0x41, 0xff, 0xc3, 0x0a])]), ['A\ufffd\ufffd']);
  });

  test('over-long lines are cut at the same places whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r'), maxLength: 200 }),
        fc.uniqueArray(fc.nat(200), { maxLength: 10 }),
        (text, cuts) => {
          const points = [
            0,
            ...cuts.filter((c) => c <= text.length).sort((a, b) => a - b),
            text.length,
          ];
          const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
          const whole = split([text], 7);
          assert.deepEqual(split(chunks, 7), whole);
          assert.ok(whole.every((l) => l.length <= 7));
          assert.equal(whole.join(''), text.replace(/\r\n|\r|\n/g, ''));
        },
      ),
    );
  });
});
