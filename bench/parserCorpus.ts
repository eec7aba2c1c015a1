/**
 * A generated `idf.py monitor` log with a realistic mix: coloured ESP_LOG lines from app and
 * Wi-Fi tags, the PSRAM allocator header's alloc/free lines, periodic heap info blocks, heap
 * trace dumps with monitor decode lines, failures and plain printf output.
 */

const E = '\x1b';

function block(t: number, i: number): string[] {
  const a = (0x3fc9a000 + ((i * 48) & 0xffff)).toString(16);
  const p = (0x3c0a0000 + ((i * 112) & 0xfffff)).toString(16);
  const lines = [
    `${E}[0;32mI (${t}) h264_streamer: frame ${i} encoded, ${1200 + (i % 300)} bytes${E}[0m`,
    `D (${t}) psram_lens: alloc ptr=0x${p} size=108 heap=psram`,
    `D (${t + 1}) psram_lens: alloc ptr=0x${a} size=20 heap=internal`,
    `D (${t + 2}) psram_lens: free ptr=0x${p} size=108`,
    `I (${t + 2}) wifi:bcn_timeout,ap_probe_send_start`,
    `${E}[0;33mW (${t + 3}) rtc: queue depth ${i % 17}${E}[0m`,
    `channels: 1, frames: ${i % 64}`,
  ];
  if (i % 50 === 0) {
    lines.push(
      'Heap summary for capabilities 0x00000800:',
      '  At 0x3fc9f0a8 len 304744 free 201332 allocated 98860 min_free 190100',
      '    largest_free_block 188416 alloc_blocks 311 free_blocks 4 total_blocks 315',
      '  Totals:',
      '    free 201332 allocated 98860 min_free 190100 largest_free_block 188416',
    );
  }
  if (i % 200 === 0) {
    lines.push(
      '====== Heap Trace: 2 records (64 capacity) ======',
      '   108 bytes (@ 0x3fca01b0, Internal) allocated CPU 0 ccount 0x12ab34c8 caller 0x42008a10:0x42009b22',
      '--- 0x42008a10: operator new(unsigned int) at /builds/gcc/libstdc++-v3/libsupc++/new_op.cc:50',
      '--- 0x42009b22: app::makeFrames(unsigned int) at /home/dev/webrtc-streamer/main/track.cpp:21',
      '  4096 bytes (@ 0x3c0a1234,    PSRAM) allocated CPU 1 ccount 0x12ab5000 caller 0x42008a10:0x4200a0f0',
      'freed by 0x40384fe0:0x4200a2b4',
      '====== Heap Trace Summary ======',
      'Mode: Heap Trace All',
      '108 bytes alive in trace (1/2 allocations)',
      'records: 2 (64 capacity, 2 high water mark)',
      'total allocations: 2',
      'total frees: 1',
      '================================',
    );
  }
  if (i % 500 === 0) {
    lines.push(
      `W (${t + 4}) wifi:alloc eb len=752 type=4 fail`,
      'heap_caps_malloc was called but failed to allocate 40000 bytes with 0x1800 capabilities. ',
      `I (${t + 5}) rtc_psram: operator new calls: ${i}, total bytes: ${i * 32}`,
    );
  }
  return lines;
}

/** About `bytes` of log text as UTF-8, CRLF line ends like a captured serial terminal. */
export function realisticLog(bytes: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  let t = 1000;
  for (let i = 0; size < bytes; i++) {
    const chunk = Buffer.from(block(t, i).join('\r\n') + '\r\n', 'utf8');
    parts.push(chunk);
    size += chunk.length;
    t += 7;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}
