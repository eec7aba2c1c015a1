import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SuffixIndex } from '../../extension/sourcePaths';

const ws = [
  '/work/ws/main/main.cpp',
  '/work/ws/main/track.cpp',
  '/work/ws/components/rtc/src/channel.cpp',
  '/work/ws/components/rtc/include/rtc/common.hpp',
  '/work/ws/components/net/src/channel.cpp',
  '/work/ws/test/a/util.cpp',
  '/work/ws/test/b/util.cpp',
];

describe('decoded path → workspace file', () => {
  const index = new SuffixIndex(ws);
  test('the longest shared suffix wins, across build roots and separators', () => {
    assert.equal(index.match('/home/ci/build/webrtc/main/track.cpp'), '/work/ws/main/track.cpp');
    assert.equal(
      index.match('C:\\esp\\proj\\components\\rtc\\src\\channel.cpp'),
      '/work/ws/components/rtc/src/channel.cpp',
    );
  });
  test('ambiguous or unknown paths map to nothing', () => {
    assert.equal(index.match('/elsewhere/src/util.cpp'), null);
    assert.equal(index.match('/x/src/channel.cpp'), null);
    assert.equal(index.match('/x/main/other.cpp'), null);
    assert.equal(index.match(''), null);
  });
  test('any build prefix before a workspace-relative path finds that file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 5 }),
        fc.constantFrom(...ws.filter((p) => !p.includes('/util.cpp'))),
        (prefix, file) => {
          const rel = file.replace('/work/ws/', '');
          assert.equal(index.match(`/${[...prefix, rel].join('/')}`), file);
        },
      ),
    );
  });
});
