/**
 * The ESP-IDF 6.1 malloc change (docs/reference/malloc-policy.md C8): with a non-zero
 * CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL, malloc()'s internal-first attempt skips heaps that offer
 * MALLOC_CAP_DEFAULT only at low priority (reserve pool, RTC RAM), and the reserve pool's caps moved.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CAP } from '../../../server/target/caps';
import { parseIdfVersion } from '../../../server/target/idfVersion';
import { reservePoolCaps } from '../../../server/sim/boot';
import { runScenario } from '../../../server/sim/runner';
import { parseScenario } from '../../../server/sim/scenario';

function fillInternal(idfVersion: string) {
  const scenario = parseScenario({
    chip: 'esp32s3',
    idfVersion,
    psramSize: '8MB',
    sdkconfig: {
      CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL: 16384,
      CONFIG_SPIRAM_MALLOC_RESERVE_INTERNAL: 32768,
    },
    // 4 KiB blocks: more than all internal RAM holds, each small enough to ask internal RAM first.
    steps: [{ op: 'allocate', label: 'buf', method: 'malloc', size: 4096, count: 120 }],
  });
  const { result } = runScenario(scenario);
  const mine = result.allocations.filter((r) => r.label === 'buf');
  const heapOf = (name: string | null) => result.heaps.find((h) => h.name === name);
  const origins = mine.map((r) => {
    const h = heapOf(r.heap);
    return h?.origin === 'reserve' ? 'reserve' : (r.memory ?? 'failed');
  });
  const firstPsram = origins.indexOf('psram');
  return { origins, before: origins.slice(0, firstPsram) };
}

describe('ESP-IDF 6.1 malloc change', () => {
  test('reserve pool caps: none of DEFAULT before v5.5.5, DEFAULT at low priority in 5.5.5, DMA only at medium in 6.1', () => {
    const caps = (v: string) => reservePoolCaps(parseIdfVersion(v) ?? assert.fail(v));
    assert.equal(caps('5.5.4')[2] & CAP.DEFAULT, 0);
    assert.deepEqual(caps('5.5.5'), [
      0,
      CAP.DMA | CAP.INTERNAL,
      CAP['8BIT'] | CAP['32BIT'] | CAP.DEFAULT,
    ]);
    assert.deepEqual(caps('6.1'), [
      0,
      CAP.DMA,
      CAP['8BIT'] | CAP['32BIT'] | CAP.DEFAULT | CAP.INTERNAL,
    ]);
  });

  test('before 6.1 small mallocs fill the reserve pool and RTC RAM before PSRAM; from 6.1 PSRAM comes first', () => {
    const old = fillInternal('5.5.5');
    assert.ok(old.before.includes('reserve'), old.before.join(','));
    assert.ok(old.before.includes('rtc'), old.before.join(','));
    const now = fillInternal('6.1');
    assert.ok(!now.before.includes('reserve') && !now.before.includes('rtc'), now.before.join(','));
    // The low-priority heaps are still used, after PSRAM is tried: nothing fails.
    assert.ok(!now.origins.includes('failed'));
  });
});
