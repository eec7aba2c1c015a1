/**
 * The shape of per-file facts (extracted by facts.ts). Apart from the extractor so that helpers it
 * calls (macroBodies.ts) can name the types without importing it back.
 */
import type { AllocatorFact } from './allocators';
import type { ClassShape } from './classShapes';
import type { Guard } from './conditions';
import type { FixSite, RuleCode } from './findings';
import type { LocalDecl } from './localDecl';

export interface Site {
  code: RuleCode;
  start: number;
  end: number;
  /** The allocated type as written (`Message`, `std::vector<int>`), when visible. */
  typeText?: string;
  /** Namespaces enclosing the site, for resolving `typeText` against the project's classes. */
  namespaces: string[];
  fix?: FixSite;
  /** What made an unqualified call resolve to std (PSR004): `using namespace std;` or `using std::make_shared;`. */
  via?: string;
  /** PSR002: the allocator class passed to allocate_shared (`SpiramAllocator`, `std::allocator`). */
  allocator?: string;
  /** Preprocessor branches around the site whose conditions the configuration decides. */
  guards?: Guard[];
}

/** A site whose verdict needs facts from other files. */
export type Pending =
  /** `local`: the receiver's block-scope declaration, which hides any member or global of that name. */
  | { kind: 'reset'; receiver: string; local: LocalDecl | null; site: Site }
  | { kind: 'weakFrom'; weak: string | null; source: string; site: Site };

export interface FileFacts {
  sites: Site[];
  pending: Pending[];
  classes: ClassShape[];
  /** Allocator classes defined here, with where their `allocate` takes memory from. */
  allocators: AllocatorFact[];
  /** `using name = type;` and `typedef type name;` declarations, for sizeof estimates. */
  typeAliases: { name: string; type: string }[];
  sharedNames: string[];
  weakNames: string[];
  /** Names this file fills from std::make_shared / allocate_shared. */
  madeShared: string[];
  /** Qualified namespaces (`rtc`, `app::detail`) that declare a non-std make_shared here. */
  factoryNamespaces: string[];
  /** 0-based lines carrying or following `// psram-lens: ignore`. */
  ignoredLines: number[];
  ignoreFile: boolean;
}
