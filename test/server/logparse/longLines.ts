/**
 * Megabyte-long lines shaped like every format's prefix: the fuzz test bounds the time of each,
 * and the parser bench reports the worst one. One list, so both measure the same corpus.
 */
export function megabyteLines(): string[] {
  const mb = 1024 * 1024;
  return [
    'I (1) tag: ' + 'x'.repeat(mb),
    'I (' + '1'.repeat(mb),
    'Heap summary for capabilities 0x' + '0'.repeat(mb),
    '    32 bytes (@ 0x3ffb4e20) allocated CPU 0 ccount 0x1 caller ' +
      '0x400d276d:'.repeat(mb / 11),
    'free heap ' + ' '.repeat(mb) + 'x',
    ' '.repeat(mb) + 'free heap',
    '--- 0x400d276d: ' + ' at '.repeat(mb / 4),
    'W (1) wifi:m f ' + 'a '.repeat(mb / 2),
    'x was called but failed to allocate '.repeat(mb / 36),
    '\x1b['.repeat(mb / 2),
    '[' + '1:'.repeat(mb / 2),
    'Mem alloc fail. size 0x'.repeat(mb / 23),
    'AFTER' + ': '.repeat(mb / 2) + 'Internal: 1 bytes, PSRAM: x',
  ];
}
