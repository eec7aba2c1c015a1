import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHIPS } from '../../../server/target/chips';
import { MEMORY_MAPS, classifyAddress } from '../../../server/target/memoryMap';

describe('classifyAddress', () => {
  const cases: [(typeof CHIPS)[number], number, string, boolean][] = [
    ['esp32', 0x3ffb2ac8, 'internal', true],
    ['esp32', 0x4008c1c0, 'iram', false],
    ['esp32', 0x3f800010, 'psram', false],
    ['esp32', 0x50000100, 'rtc', false],
    ['esp32s2', 0x3ffbf850, 'internal', true],
    ['esp32s2', 0x3f500000, 'psram', false],
    ['esp32s2', 0x40070010, 'rtc', false],
    ['esp32s3', 0x3fc94be8, 'internal', true],
    ['esp32s3', 0x3fcf0000, 'internal', true],
    ['esp32s3', 0x3c0a1234, 'psram', false],
    ['esp32s3', 0x3d800000, 'psram', false],
    ['esp32s3', 0x600fe100, 'rtc', false],
    ['esp32s3', 0x40378000, 'iram', false],
    ['esp32c3', 0x3fcdc710, 'internal', true],
    ['esp32c3', 0x50000010, 'rtc', false],
    ['esp32c6', 0x4080e9e0, 'internal', true],
    ['esp32c6', 0x50000000, 'rtc', false],
    ['esp32h2', 0x40810000, 'internal', true],
    ['esp32p4', 0x4ff118b0, 'internal', true],
    ['esp32p4', 0x30100044, 'internal', false],
    ['esp32p4', 0x48001000, 'psram', false],
    ['esp32p4', 0x50108080, 'rtc', false],
  ];
  for (const [chip, address, memory, dma] of cases) {
    test(`${chip} 0x${address.toString(16)} is ${memory}`, () => {
      assert.deepEqual(classifyAddress(chip, address), { memory, dma });
    });
  }

  test('an address outside every range is unknown', () => {
    assert.deepEqual(classifyAddress('esp32c3', 0x3f800000), { memory: 'unknown', dma: false });
    assert.deepEqual(classifyAddress(null, 0x12345678), { memory: 'unknown', dma: false });
  });

  test('without a chip, only addresses every chip agrees on are classified', () => {
    assert.equal(classifyAddress(null, 0x3ffb2ac8).memory, 'internal');
    assert.equal(classifyAddress(null, 0x3c0a1234).memory, 'psram');
    // 0x40070000: IRAM on ESP32, RTC FAST on S2.
    assert.equal(classifyAddress(null, 0x40070100).memory, 'unknown');
  });

  test('with a chip, classification matches exactly one range or none', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHIPS), fc.nat(0xffffffff), (chip, address) => {
        const hits = MEMORY_MAPS[chip].filter((r) => address >= r.low && address < r.high);
        assert.ok(hits.length <= 1);
        assert.equal(classifyAddress(chip, address).memory, hits[0]?.memory ?? 'unknown');
      }),
    );
  });
});
