import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEspLog } from '../../../server/logparse/espLog';

describe('parseEspLog', () => {
  test('log v1 with a millisecond timestamp', () => {
    assert.deepEqual(
      parseEspLog('I (1350) h264_streamer: DURING (1000 objects): Internal: 0 bytes'),
      {
        kind: 'log',
        level: 'I',
        timestamp: 1350,
        tag: 'h264_streamer',
        message: 'DURING (1000 objects): Internal: 0 bytes',
      },
    );
  });
  test('wall-clock timestamps stay strings as printed', () => {
    assert.equal(parseEspLog('W (00:02:13.045) app: low memory')?.timestamp, '00:02:13.045');
    assert.equal(
      parseEspLog('I (70-01-01 00:00:01.234) cam: x')?.timestamp,
      '70-01-01 00:00:01.234',
    );
  });
  test('UNIX millisecond timestamps are numbers', () => {
    assert.equal(parseEspLog('I (1718795571035) tag: msg')?.timestamp, 1718795571035);
  });
  test('Wi-Fi blob tags are glued to the message', () => {
    const e = parseEspLog('I (588) wifi:wifi driver task: 3ffc0e6c, prio:23');
    assert.equal(e?.tag, 'wifi');
    assert.equal(e?.message, 'wifi driver task: 3ffc0e6c, prio:23');
  });
  test('log v2 without timestamp', () => {
    const e = parseEspLog('E mytag: failed');
    assert.deepEqual([e?.level, e?.timestamp, e?.tag, e?.message], ['E', '', 'mytag', 'failed']);
  });
  test('log v2 with a NULL tag prints no separator', () => {
    const e = parseEspLog('I (12) plain message');
    assert.deepEqual([e?.tag, e?.message], ['', 'plain message']);
  });
  test('rejects text that is not an ESP_LOG line', () => {
    for (const s of [
      'I am here',
      'X (12) a: b',
      'I (abc) a: b',
      'I (12)a: b',
      'Is it: yes',
      'I  (1) a: b',
      '',
    ]) {
      assert.equal(parseEspLog(s), null, s);
    }
  });
});
