import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isInside } from '../../../server/project/paths';

describe('isInside', () => {
  test('strictly inside, by path segments', () => {
    assert.equal(isInside('/ws', '/ws/a/b.cpp'), true);
    assert.equal(isInside('/ws', '/ws/..foo/b.cpp'), true, '"..foo" is a name');
    assert.equal(isInside('/ws', '/ws'), false, 'the folder itself');
    assert.equal(isInside('/ws', '/ws/../etc/passwd'), false);
    assert.equal(isInside('/ws', '/wsx/a.cpp'), false, 'a sibling with the same prefix');
    assert.equal(isInside('/ws/a', '/ws'), false);
  });
});
