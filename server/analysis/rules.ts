/** The rule catalogue: one place for codes, titles and documentation links (LSP, CLI, SARIF). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleCode } from './findings';

export interface RuleInfo {
  code: RuleCode;
  title: string;
  /** Anchor of the rule's section in README.md (`#psr001-stdmake_shared`). */
  anchor: string;
  description: string;
}

/**
 * The README shipped with the running code (the repository's README.md beside dist/, or the VSIX's
 * readme.md): no public repository URL exists, so rule links must not depend on one.
 */
function findReadme(): string {
  for (let dir = __dirname, i = 0; i < 3; i++, dir = dirname(dir)) {
    for (const name of ['README.md', 'readme.md']) {
      if (existsSync(join(dir, name))) return pathToFileURL(join(dir, name)).href;
    }
  }
  return pathToFileURL(join(__dirname, '..', 'README.md')).href;
}

let readmeUrl: string | undefined;

/** `file:` URL of the README (found once). */
export function readmeUrlOf(): string {
  readmeUrl ??= findReadme();
  return readmeUrl;
}

export const RULES: Record<RuleCode, RuleInfo> = {
  PSR001: {
    code: 'PSR001',
    title: 'std::make_shared places object and control block in internal RAM',
    anchor: 'psr001-stdmake_shared',
    description:
      'std::make_shared allocates through operator new → malloc; with CONFIG_SPIRAM_USE_MALLOC, requests up to CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL stay in internal (DMA-capable) RAM.',
  },
  PSR002: {
    code: 'PSR002',
    title: 'std::allocate_shared without a PSRAM allocator',
    anchor: 'psr002-stdallocate_shared',
    description:
      'std::allocate_shared with std::allocator (or any allocator that ends in malloc) places the block like make_shared does.',
  },
  PSR003: {
    code: 'PSR003',
    title: 'shared_ptr built from a raw new: two internal-RAM blocks',
    anchor: 'psr003-shared_ptr-from-new',
    description:
      'shared_ptr<T>(new T) makes two allocations (the object, then a separate control block), both with malloc.',
  },
  PSR004: {
    code: 'PSR004',
    title: 'unqualified make_shared resolves to std::make_shared',
    anchor: 'psr004-unqualified-make_shared-resolving-to-std',
    description:
      'An unqualified make_shared / allocate_shared that `using namespace std;` or `using std::make_shared;` resolves to the std one.',
  },
  PSR005: {
    code: 'PSR005',
    title: 'weak_ptr keeps a make_shared block alive',
    anchor: 'psr005-weak_ptr-from-make_shared-storage',
    description:
      'With make_shared, object and counts are one block: it is freed only when the last weak_ptr dies, not when the object is destroyed.',
  },
};

export function ruleDocUrl(code: RuleCode): string {
  return `${readmeUrlOf()}#${RULES[code].anchor}`;
}
