import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/analysis/analyzer';
import { grade } from '../../../server/analysis/grading';
import { classLayout, layoutOf, lockPolicyFor } from '../../../server/analysis/layout';
import { inplaceSize } from '../../../server/target/cppModels';

const makeSharedBlock = (t: { size: number; align: number }, chip: string) =>
  inplaceSize(t, lockPolicyFor(chip));
import { UNKNOWN_CONFIG, parseSdkconfig, psramConfigFrom } from '../../../server/project/sdkconfig';

const cfg = (text: string) => psramConfigFrom(parseSdkconfig(text).values);
const MALLOC = cfg(
  'CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\nCONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=16384\n',
);
const none = () => undefined;

describe('sizes (ILP32, libstdc++ control blocks: docs/reference/shared-ptr-layout.md E2)', () => {
  const cases: [string, number, number][] = [
    ['char', 16, 20],
    ['int', 16, 20],
    ['double', 24, 24],
  ];
  for (const [type, atomic, mutex] of cases) {
    test(`make_shared<${type}>: ${atomic} on Xtensa, ${mutex} on RISC-V`, () => {
      const t = layoutOf(type, [], none)!;
      assert.equal(makeSharedBlock(t, 'esp32s3'), atomic);
      assert.equal(makeSharedBlock(t, 'esp32c3'), mutex);
    });
  }
  test('struct {long long; int} is 16/8 → 32 either way; 3 ints → 24/28', () => {
    const ll = classLayout(
      {
        name: 'S',
        namespaces: [],
        bases: [],
        hasVirtual: false,
        fields: [
          { type: 'long long', dims: [], pointer: false },
          { type: 'int', dims: [], pointer: false },
        ],
      },
      none,
    )!;
    assert.deepEqual(ll, { size: 16, align: 8 });
    assert.equal(makeSharedBlock(ll, 'esp32'), 32);
    assert.equal(makeSharedBlock(ll, 'esp32c6'), 32);
    const three = classLayout(
      {
        name: 'T',
        namespaces: [],
        bases: [],
        hasVirtual: false,
        fields: [{ type: 'int', dims: [3], pointer: false }],
      },
      none,
    )!;
    assert.equal(makeSharedBlock(three, 'esp32'), 24);
    assert.equal(makeSharedBlock(three, 'esp32h2'), 28);
  });
  test('enable_shared_from_this adds a weak_ptr (8 bytes); a vtable adds a pointer', async () => {
    const text =
      'struct S : std::enable_shared_from_this<S> { int x; };\nstruct V { virtual ~V(); int x; };\nvoid f(){ std::make_shared<S>(); std::make_shared<V>(); }';
    const [s, v] = await analyzeText(text, { config: MALLOC });
    assert.equal(s.estimatedBytes, 24);
    assert.equal(v.estimatedBytes, 20);
  });
});

describe('grading from sdkconfig', () => {
  const fp = { object: 96, control: 12, request: 108, blocks: 1 };
  test('no PSRAM: nothing, or a hint by setting', () => {
    const off = cfg('CONFIG_IDF_TARGET="esp32"\n');
    assert.equal(grade('PSR001', fp, 'T', off, { noPsramSeverity: 'off' }), null);
    assert.equal(grade('PSR001', fp, 'T', off, { noPsramSeverity: 'hint' })?.severity, 'hint');
  });
  test('PSRAM for malloc: a warning that names the size and the threshold', () => {
    const g = grade('PSR001', fp, 'T', MALLOC, { noPsramSeverity: 'off' })!;
    assert.equal(g.severity, 'warning');
    assert.match(g.message, /≈108 B: 96 \+ 12/);
    assert.match(g.message, /16384 B \(CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL\)/);
  });
  test('above the threshold malloc prefers PSRAM already: information', () => {
    const big = { object: 20000, control: 12, request: 20012, blocks: 1 };
    assert.equal(
      grade('PSR001', big, 'T', MALLOC, { noPsramSeverity: 'off' })?.severity,
      'information',
    );
  });
  test('caps-alloc: warning; memmap: hint; PSR005: information; unknown config: warning', () => {
    const s = { noPsramSeverity: 'off' as const };
    assert.match(
      grade('PSR001', fp, 'T', cfg('CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_CAPS_ALLOC=y\n'), s)!
        .message,
      /never returns PSRAM/,
    );
    assert.equal(
      grade('PSR001', fp, 'T', cfg('CONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MEMMAP=y\n'), s)?.severity,
      'hint',
    );
    assert.equal(grade('PSR005', fp, 'T', MALLOC, s)?.severity, 'information');
    assert.equal(grade('PSR001', null, undefined, UNKNOWN_CONFIG, s)?.severity, 'warning');
  });
});
