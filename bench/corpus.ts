/**
 * A generated corpus of realistic ESP-IDF-style C++ for the check and fix benchmarks: headers and
 * sources with structs, classes, templates, lambdas, comments and strings; as in real projects,
 * most files (≈85 %) never mention shared_ptr. Deterministic (seeded) so figures are comparable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Corpus {
  dir: string;
  files: string[];
  lines: number;
  bytes: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function plainFunction(i: number, r: () => number): string {
  const n = 4 + Math.floor(r() * 8);
  const body: string[] = [];
  for (let k = 0; k < n; k++) {
    body.push(
      `  // step ${k}: accumulate the ring buffer checksum`,
      `  for (size_t j = 0; j < len_${k % 3}; ++j) { acc += static_cast<uint32_t>(buf[j]) * ${k + 3}u; }`,
      `  if (acc > ${1000 + k}u) { ESP_LOGD(TAG, "acc=%u at %s", (unsigned)acc, "step ${k}"); }`,
    );
  }
  return [
    `static uint32_t process_${i}(const uint8_t *buf, size_t len_0, size_t len_1, size_t len_2) {`,
    `  uint32_t acc = 0;`,
    ...body,
    `  return acc;`,
    `}`,
    ``,
  ].join('\n');
}

function sharedUse(i: number): string {
  return [
    `namespace net {`,
    `struct Packet${i} { uint32_t seq; uint16_t len; uint8_t payload[${64 + (i % 8) * 32}]; };`,
    `class Session${i} : public std::enable_shared_from_this<Session${i}> {`,
    ` public:`,
    `  std::shared_ptr<Packet${i}> next() {`,
    `    auto p = std::make_shared<Packet${i}>();  // hot path`,
    `    mLast = p;`,
    `    return p;`,
    `  }`,
    `  void retry() { mPending.reset(new Packet${i}); }`,
    `  template <class F> void each(F f) { for (auto &q : mQueue) f(q); }`,
    ` private:`,
    `  std::shared_ptr<Packet${i}> mPending;`,
    `  std::weak_ptr<Packet${i}> mLast;`,
    `  std::vector<std::shared_ptr<Packet${i}>> mQueue;`,
    `};`,
    `}  // namespace net`,
    ``,
  ].join('\n');
}

export function generateCorpus(dir: string, targetLines = 200_000, seed = 42): Corpus {
  const r = rng(seed);
  mkdirSync(join(dir, 'main'), { recursive: true });
  mkdirSync(join(dir, 'components', 'net', 'src'), { recursive: true });
  const files: string[] = [];
  let lines = 0;
  let bytes = 0;
  for (let f = 0; lines < targetLines; f++) {
    const withShared = r() < 0.15;
    const parts = [
      `// Module ${f}: part of a generated ESP-IDF application.`,
      `#include <cstdint>`,
      `#include <cstddef>`,
      withShared ? `#include <memory>\n#include <vector>` : `#include <cstring>`,
      `#include "esp_log.h"`,
      ``,
      `static const char *TAG = "mod${f}";`,
      ``,
    ];
    const fns = 6 + Math.floor(r() * 10);
    for (let i = 0; i < fns; i++) parts.push(plainFunction(f * 100 + i, r));
    if (withShared) parts.push(sharedUse(f));
    const text = parts.join('\n');
    const path = join(
      dir,
      f % 5 === 0 ? 'components/net/src' : 'main',
      `mod${f}.${f % 7 === 0 ? 'hpp' : 'cpp'}`,
    );
    writeFileSync(path, text);
    files.push(path);
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(
    join(dir, 'CMakeLists.txt'),
    'cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(corpus)\n',
  );
  writeFileSync(
    join(dir, 'sdkconfig'),
    'CONFIG_IDF_TARGET="esp32s3"\nCONFIG_SPIRAM=y\nCONFIG_SPIRAM_USE_MALLOC=y\nCONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL=16384\n',
  );
  return { dir, files, lines, bytes };
}
