/**
 * Every rewrite compiles (issue 12, fix 3), proved with g++ -std=c++17 -fsyntax-only on each
 * translation unit with only the include directories ESP-IDF gives it (idfResolver.ts):
 * explicit template arguments, a `using std::make_shared;` in the platform namespace elsewhere
 * (retargeted, never duplicated), and `using namespace std; using namespace rtc;` in a file outside
 * the migrated paths (migrated too, or the style is not applied when that file is vendored).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixFlags } from '../../../server/cli/fix';
import { compileIdfProject } from './idfResolver';
import { idfProject, runFixIn } from './runFixIn';

const project = idfProject;

async function fix(cwd: string, flags: FixFlags, paths = ['.']): Promise<string> {
  const r = await runFixIn(cwd, flags, paths);
  return `${r.stdout}\n${r.stderr}`;
}

const RTC = {
  'components/rtc/CMakeLists.txt':
    'idf_component_register(SRCS "peer.cpp" INCLUDE_DIRS "include")\n',
  'components/rtc/include/rtc/common.hpp':
    '#pragma once\n#include <memory>\nnamespace rtc {\nusing std::shared_ptr;\n}  // namespace rtc\n',
  'components/rtc/peer.cpp':
    '#include "rtc/common.hpp"\nnamespace rtc {\nstruct Peer { int id; };\nshared_ptr<Peer> peer() { return std::make_shared<Peer>(); }\n}  // namespace rtc\n',
};

void describe('every rewrite compiles', () => {
  test('explicit template arguments: make_shared<F, int>, allocate_shared<T, MyAlloc<T>>', async () => {
    const dir = project({
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp" INCLUDE_DIRS ".")\n',
      'main/main.cpp':
        '#include <memory>\n#include <cstddef>\n' +
        'template <class T> struct MyAlloc {\n  using value_type = T;\n  MyAlloc() = default;\n' +
        '  template <class U> MyAlloc(const MyAlloc<U> &) {}\n' +
        '  T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T))); }\n' +
        '  void deallocate(T *p, std::size_t) { ::operator delete(p); }\n};\n' +
        'template <class T, class U> bool operator==(const MyAlloc<T> &, const MyAlloc<U> &) { return true; }\n' +
        'template <class T, class U> bool operator!=(const MyAlloc<T> &, const MyAlloc<U> &) { return false; }\n' +
        'struct F { explicit F(int) {} };\n' +
        'void use() {\n  auto a = std::make_shared<F, int>(1);\n' +
        '  auto b = std::allocate_shared<F, MyAlloc<F>>(MyAlloc<F>(), 2);\n  (void)a; (void)b;\n}\n',
    });
    await compileIdfProject(dir);
    await fix(dir, {});
    const out = readFileSync(join(dir, 'main/main.cpp'), 'utf8');
    assert.match(out, /auto a = psram::make_shared<F>\(1\);/);
    assert.match(out, /auto b = psram::allocate_shared<F>\(MyAlloc<F>\(\), 2\);/);
    await compileIdfProject(dir);
  });

  test('unqualified: using std::make_shared; in the platform namespace elsewhere is retargeted', async () => {
    const dir = project({
      ...RTC,
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp")\n',
      'main/main.cpp':
        '#include "rtc/common.hpp"\nnamespace rtc {\nusing std::make_shared;\nstruct Call { int n; };\n' +
        'shared_ptr<Call> call() { return make_shared<Call>(); }\n}  // namespace rtc\n' +
        'int main() { return rtc::call()->n; }\n',
    });
    await compileIdfProject(dir);
    await fix(dir, { style: 'unqualified' });
    const main = readFileSync(join(dir, 'main/main.cpp'), 'utf8');
    assert.match(main, /using psram::make_shared;/);
    assert.doesNotMatch(main, /using std::make_shared;/);
    assert.equal(main.match(/using psram::make_shared;/g)?.length, 1);
    await compileIdfProject(dir);
    assert.match(
      await fix(dir, { check: true, style: 'unqualified' }),
      /^0 sites to rewrite in 0 files$/m,
    );
  });

  test('unqualified: using namespace std; using namespace rtc; elsewhere is migrated too', async () => {
    const dir = project({
      ...RTC,
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp" "both.cpp")\n',
      'main/main.cpp': '#include "rtc/common.hpp"\nint main() { return 0; }\n',
      'main/both.cpp':
        '#include "rtc/common.hpp"\nusing namespace std;\nusing namespace rtc;\n' +
        'struct S { int v; };\nshared_ptr<S> s() { return make_shared<S>(); }\n',
    });
    // Only the component is migrated; main/both.cpp would then be ambiguous.
    const out = await fix(dir, { style: 'unqualified' }, ['components']);
    assert.match(
      out,
      /both\.cpp:5: spelled qualified: using namespace std; and using namespace rtc; would make make_shared ambiguous: migrated too/,
    );
    assert.match(
      readFileSync(join(dir, 'main/both.cpp'), 'utf8'),
      /return psram::make_shared<S>\(\);/,
    );
    await compileIdfProject(dir);
  });

  test('unqualified: when that file is vendored, the style is not applied, and says why', async () => {
    const dir = project({
      ...RTC,
      'main/CMakeLists.txt': 'idf_component_register(SRCS "main.cpp" "third_party/both.cpp")\n',
      'main/main.cpp': '#include "rtc/common.hpp"\nint main() { return 0; }\n',
      'main/third_party/both.cpp':
        '#include "rtc/common.hpp"\nusing namespace std;\nusing namespace rtc;\n' +
        'struct S { int v; };\nshared_ptr<S> s() { return make_shared<S>(); }\n',
    });
    const out = await fix(dir, { style: 'unqualified' });
    assert.match(
      out,
      /unqualified style not applied \(spelled qualified everywhere\): .*third_party\/both\.cpp: using namespace std; and using namespace rtc; make make_shared ambiguous there, and it is not rewritten \(vendored/,
    );
    assert.match(
      readFileSync(join(dir, 'components/rtc/peer.cpp'), 'utf8'),
      /psram::make_shared<Peer>/,
    );
    await compileIdfProject(dir);
  });
});
