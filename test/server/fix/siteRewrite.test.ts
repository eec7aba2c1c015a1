import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { migrateText, planText } from './helpers';

const INC = '#include "psram_shared.hpp"\n';

void describe('call-site rewrites (qualified style)', () => {
  test('PSR001 in every spelling keeps template arguments, arguments and comments', async () => {
    const body =
      'struct A { A(int, const char *) {} };\n' +
      'namespace sn = ::std;\n' +
      'auto a = std::make_shared<A>(/* id */ 1, "x" /* name */);\n' +
      'auto b = ::std :: make_shared < A >(2,\n      "y");\n' +
      'auto c = sn::\n    make_shared<A>(3, "z");\n';
    const out = await migrateText(`#include <memory>\n${body}`);
    assert.equal(
      out,
      `#include <memory>\n${INC}` +
        body
          .replace('std::make_shared<A>(', 'psram::make_shared<A>(')
          .replace('::std :: make_shared < A >', 'psram::make_shared < A >')
          .replace('sn::\n    make_shared<A>', 'psram::make_shared<A>'),
    );
  });

  test('a comment inside the qualified name is kept', async () => {
    const out = await migrateText(
      '#include <memory>\nauto p = std:: /* why */ make_shared<int>(1);\n',
    );
    assert.equal(out, `#include <memory>\n${INC}auto p = /* why */ psram::make_shared<int>(1);\n`);
  });

  test('PSR002 and PSR004', async () => {
    const src =
      '#include <memory>\nusing namespace std;\nstruct B {};\n' +
      'auto x = allocate_shared<B>(allocator<B>());\nauto y = make_shared<B>();\n';
    const out = await migrateText(src);
    assert.equal(
      out,
      src
        .replace('#include <memory>\n', `#include <memory>\n${INC}`)
        .replace('= allocate_shared<B>', '= psram::allocate_shared<B>')
        .replace('= make_shared<B>', '= psram::make_shared<B>'),
    );
  });

  test('PSR003: declaration, reset, functional cast, and the unsafe forms left alone', async () => {
    const src =
      '#include <memory>\nstruct C { C() {} C(int, int) {} };\nstruct D : C {};\n' +
      'void f(std::shared_ptr<C> &slot, std::shared_ptr<C> *pp) {\n' +
      '  std::shared_ptr<C> a(new C(1, /* two */ 2));\n' +
      '  slot.reset(new C);\n' +
      '  pp->reset(new C());\n' +
      '  auto b = std::shared_ptr<C>(new C);\n' +
      '  auto d = std::shared_ptr<C>(new D);\n' +
      '  std::shared_ptr<C> e(new C, [](C *p) { delete p; });\n' +
      '  std::shared_ptr<C> g(new C{});\n' +
      '}\n';
    const plan = await planText(src);
    const out = plan.files[0].after;
    assert.ok(out.includes('  auto a = psram::make_shared<C>(1, /* two */ 2);'));
    assert.ok(out.includes('  slot = psram::make_shared<C>();\n'));
    assert.ok(out.includes('  *pp = psram::make_shared<C>();\n'));
    assert.ok(out.includes('auto b = psram::make_shared<C>();'));
    assert.ok(out.includes('auto d = std::shared_ptr<C>(psram::make_shared<D>());'));
    assert.ok(out.includes('std::shared_ptr<C> e(new C, [](C *p) { delete p; });'));
    assert.ok(out.includes('  auto g = psram::make_shared<C>();'));
    assert.deepEqual(
      plan.refused.map((r) => r.reason),
      ['a custom deleter or allocator is kept as written'],
    );
  });

  test('a class building itself with new is not rewritten (private constructor)', async () => {
    const src =
      '#include <memory>\nclass W {\npublic:\n  static std::shared_ptr<W> create() { return std::shared_ptr<W>(new W); }\n' +
      'private:\n  W() = default;\n};\n';
    const plan = await planText(src);
    assert.equal(plan.files.length, 0);
    assert.match(plan.refused[0].reason, /built inside its own class/);
  });

  test('refuses a site whose syntax tree has errors, rewrites the healthy ones', async () => {
    const src =
      '#include <memory>\nstruct E {};\nauto ok = std::make_shared<E>();\n' +
      'void broken() { auto p = std::make_shared<E>(@); }\n';
    const plan = await planText(src);
    assert.match(plan.refused[0]?.reason ?? '', /syntax errors/);
    assert.ok(plan.files[0].after.includes('auto ok = psram::make_shared<E>();'));
    assert.ok(plan.files[0].after.includes('std::make_shared<E>(@);'));
  });

  test('the include goes after the include guard and top-level includes, before the first call', async () => {
    const src =
      '// licence\n#ifndef X_H\n#define X_H\n#include <memory>\n#include "a.h"\n' +
      'inline auto x() { return std::make_shared<int>(1); }\n#include "late.h"\n#endif\n';
    const out = await migrateText(src);
    assert.equal(
      out,
      src
        .replace('#include "a.h"\n', `#include "a.h"\n${INC}`)
        .replace('std::make_shared', 'psram::make_shared'),
    );
  });

  test('CRLF, BOM, tabs and trailing spaces survive; the new include uses CRLF', async () => {
    const src = '\uFEFF#include <memory>\r\n\tauto p =\tstd::make_shared<int>( 1 );  \r\n';
    const out = await migrateText(src);
    assert.equal(
      out,
      '\uFEFF#include <memory>\r\n#include "psram_shared.hpp"\r\n\tauto p =\tpsram::make_shared<int>( 1 );  \r\n',
    );
  });
});

void describe('unqualified style', () => {
  test('uses the bare name only where a using-declaration makes it the factory', async () => {
    const src =
      '#include <memory>\n#include <string>\n#include "psram_shared.hpp"\n' +
      'namespace app {\nusing psram::make_shared;\n' +
      'auto a = std::make_shared<std::string>(std::string("adl"));\n}\n' +
      'namespace other {\nauto b = std::make_shared<int>(1);\n}\n';
    const plan = await planText(src, 'unqualified');
    const out = plan.files[0].after;
    assert.ok(out.includes('auto a = make_shared<std::string>(std::string("adl"));'));
    assert.ok(out.includes('auto b = psram::make_shared<int>(1);'));
    assert.equal(plan.qualifiedInstead.length, 1);
    assert.match(plan.qualifiedInstead[0].reason, /outside every namespace/);
  });

  test('never where using namespace std would make it std', async () => {
    const src = '#include <memory>\nusing namespace std;\nauto a = std::make_shared<int>(1);\n';
    const plan = await planText(src, 'unqualified');
    assert.ok(plan.files[0].after.includes('auto a = psram::make_shared<int>(1);'));
    assert.match(plan.qualifiedInstead[0].reason, /using namespace std/);
  });
});

void describe('rewrites look hand-written (issue 12, fix 4)', () => {
  test('PSR003 declarations: auto for the same type, = for another type', async () => {
    const src =
      '#include <memory>\nstruct B { virtual ~B() = default; };\nstruct D : B { D(int) {} };\n' +
      'void f() {\n  static const std::shared_ptr<D> a(new D(2));\n  std::shared_ptr<B> b(new D(3));\n' +
      '  std::shared_ptr<D> c(new D(4)), d;\n}\n';
    const out = await migrateText(src);
    assert.ok(out.includes('  static const auto a = psram::make_shared<D>(2);\n'), out);
    assert.ok(out.includes('  std::shared_ptr<B> b = psram::make_shared<D>(3);\n'), out);
    assert.ok(out.includes('  std::shared_ptr<D> c = psram::make_shared<D>(4), d;\n'), out);
  });

  test('continuation lines aligned to the open parenthesis stay aligned', async () => {
    /** A call whose continuation line is aligned under the first argument of `head`. */
    const aligned = (head: string, tail: string): string =>
      `${head}1,\n${' '.repeat(head.length)}2, 3)${tail};\n`;
    const src =
      '#include <memory>\nstruct P { P(int, int, int) {} };\nvoid f(std::shared_ptr<P> &slot) {\n' +
      aligned('  auto p = std::make_shared<P>(', '') +
      '  auto q = std::make_shared<P>(\n      1, 2, 3);\n' +
      aligned('  std::shared_ptr<P> r(new P(', ')') +
      aligned('  slot.reset(new P(', ')') +
      '}\n';
    const out = await migrateText(src);
    assert.ok(out.includes(aligned('  auto p = psram::make_shared<P>(', '')), out);
    assert.ok(out.includes('  auto q = psram::make_shared<P>(\n      1, 2, 3);\n'), out);
    assert.ok(out.includes(aligned('  auto r = psram::make_shared<P>(', '')), out);
    assert.ok(out.includes(aligned('  slot = psram::make_shared<P>(', '')), out);
  });

  test('the new include goes with the project includes', async () => {
    const src =
      '#include "app/config.h"\n#include "app/net.h"\n\n#include <memory>\n#include <vector>\n' +
      'auto p = std::make_shared<int>(1);\n';
    const out = await migrateText(src);
    assert.ok(
      out.startsWith(
        '#include "app/config.h"\n#include "app/net.h"\n#include "psram_shared.hpp"\n\n#include <memory>',
      ),
      out,
    );
  });

  test('new (std::nothrow) is refused with the right words', async () => {
    const plan = await planText(
      '#include <memory>\n#include <new>\nstruct N {};\nvoid f() { std::shared_ptr<N> n(new (std::nothrow) N); }\n',
    );
    assert.equal(plan.files.length, 0);
    assert.match(plan.refused[0].reason, /new \(std::nothrow\) returns null/);
    assert.doesNotMatch(plan.refused[0].reason, /placement/);
  });

  test('a call in a #define body is rewritten at the definition', async () => {
    const src =
      '#include <memory>\nstruct F { F(int, int) {} };\n' +
      '#define NEW_F(a, b) \\\n  std::make_shared<F>((a), \\\n                     (b))\n' +
      'auto f = NEW_F(1, 2);\n';
    const out = await migrateText(src);
    assert.ok(
      out.includes(
        '#define NEW_F(a, b) \\\n  psram::make_shared<F>((a), \\\n                       (b))\n',
      ),
      out,
    );
  });
});
