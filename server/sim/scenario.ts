/**
 * The scenario format (zod schema): chip, IDF version, PSRAM size, sdkconfig options, optional
 * boot regions from the user's own log, named object types, and the steps to run. Parsing never
 * throws anything but a `ScenarioError` whose message is one line naming the place and the cause.
 */
import { z } from 'zod';
import { CHIPS } from '../target/chips';
import { parseCaps } from '../target/caps';
import { METHODS } from '../target/cppModels';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** A byte count: 8388608, "8MB", "8 MiB", "512K", "0x800000". MB/MiB/M all mean 2^20. */
export function parseBytes(v: number | string): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  const t = v.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  const m = /^(\d+(?:\.\d+)?)\s*(B|K|KB|KiB|M|MB|MiB)?$/i.exec(t);
  if (!m) return null;
  const unit = (m[2] ?? 'B').toUpperCase();
  const mult = unit.startsWith('M') ? 1 << 20 : unit.startsWith('K') ? 1 << 10 : 1;
  const n = Number(m[1]) * mult;
  return Number.isSafeInteger(n) ? n : null;
}

const bytes = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseBytes(v);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: `not a byte count: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

const caps = z
  .union([z.number().int().nonnegative(), z.string(), z.array(z.string())])
  .transform((v, ctx) => {
    try {
      return parseCaps(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

const powerOfTwo = z
  .number()
  .int()
  .positive()
  .refine((n) => (n & (n - 1)) === 0, 'must be a power of two');

const label = z.string().min(1);

const allocateStep = z
  .object({
    op: z.literal('allocate'),
    label,
    method: z.enum(METHODS),
    count: z.number().int().min(1).max(1_000_000).default(1),
    /** A name from `types`, or give `size` (sizeof T) and optionally `align` (alignof T). */
    type: z.string().optional(),
    size: z.number().int().min(0).max(0x7fffffff).optional(),
    align: powerOfTwo.optional(),
    /** heap_caps_malloc: caps, or a chain tried in turn (heap_caps_malloc_prefer). */
    caps: z.union([caps, z.array(caps).min(1)]).optional(),
    /** allocate_shared: the allocator's caps chain (omit for std::allocator) and its state size. */
    allocator: z
      .object({ caps: z.array(caps).min(1), stateBytes: z.number().int().min(0).default(0) })
      .strict()
      .optional(),
    /** new[]: elements per array, and whether T has a destructor (array cookie). */
    elements: z.number().int().min(0).default(1),
    cookie: z.boolean().default(false),
    /** Keep one weak_ptr per object (make_shared blocks then outlive their owners). */
    weak: z.boolean().default(false),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.type === undefined && s.size === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs "type" or "size"' });
    }
    if (s.method === 'heap_caps_malloc' && s.caps === undefined) {
      ctx.addIssue({ code: 'custom', message: 'heap_caps_malloc needs "caps"' });
    }
  });

const freeStep = z
  .object({
    op: z.literal('free'),
    label,
    /** How many live objects of that label to free (default all), oldest first unless `order` is "newest". */
    count: z.number().int().min(1).optional(),
    order: z.enum(['oldest', 'newest']).default('oldest'),
    /**
     * Free one object: the n-th (0-based) allocated under the label, if still live (a replayed
     * session frees exactly what the device freed). `count` and `order` do not apply then.
     */
    object: z.number().int().min(0).optional(),
  })
  .strict();

const releaseWeakStep = z.object({ op: z.literal('releaseWeak'), label }).strict();
const lockWeakStep = z.object({ op: z.literal('lockWeak'), label }).strict();
const snapshotStep = z
  .object({ op: z.literal('snapshot'), label: z.string().optional(), caps: caps.default(0) })
  .strict();

interface RepeatInput {
  op: 'repeat';
  times: number;
  steps: StepInput[];
}
type StepInput =
  | z.input<typeof allocateStep>
  | z.input<typeof freeStep>
  | z.input<typeof releaseWeakStep>
  | z.input<typeof lockWeakStep>
  | z.input<typeof snapshotStep>
  | RepeatInput;

export type AllocateStep = z.output<typeof allocateStep>;
export type FreeStep = z.output<typeof freeStep>;
export type SnapshotStep = z.output<typeof snapshotStep>;
export interface RepeatStep {
  op: 'repeat';
  times: number;
  steps: Step[];
}
export type Step =
  | AllocateStep
  | FreeStep
  | z.output<typeof releaseWeakStep>
  | z.output<typeof lockWeakStep>
  | SnapshotStep
  | RepeatStep;

const step: z.ZodType<Step, StepInput> = z.lazy(() =>
  z.discriminatedUnion('op', [
    allocateStep,
    freeStep,
    releaseWeakStep,
    lockWeakStep,
    snapshotStep,
    z
      .object({
        op: z.literal('repeat'),
        times: z.number().int().min(1).max(1_000_000),
        steps: z.array(step),
      })
      .strict(),
  ]),
);

const address = z
  .union([z.number().int().nonnegative(), z.string().regex(/^(0x)?[0-9a-f]+$/i)])
  .transform((v) => (typeof v === 'number' ? v : Number.parseInt(v.replace(/^0x/i, ''), 16)));

const regionInput = z
  .object({
    address,
    length: z.union([bytes, address]),
    label: z.string().min(1),
    caps: z.tuple([caps, caps, caps]).optional(),
    startupStack: z.boolean().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    chip: z.enum(CHIPS).describe('Target chip (CONFIG_IDF_TARGET).'),
    idfVersion: z
      .string()
      .default('5.3')
      .describe('ESP-IDF version, e.g. "5.3" or "v4.4.8" (3.3 and later).'),
    psramSize: bytes.default(0).describe('PSRAM size: bytes or "8MB", "4 MiB", "512K"; 0 = none.'),
    sdkconfig: z
      .record(z.string(), z.union([z.boolean(), z.number(), z.string()]))
      .superRefine((rec, ctx) => {
        for (const key of Object.keys(rec)) {
          if (!/^CONFIG_[A-Z0-9_]+$/.test(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `"${key}" is not a CONFIG_* name`,
            });
          }
        }
      })
      .default({}),
    /** An sdkconfig file to read options from (relative to the scenario); `sdkconfig` entries win. */
    sdkconfigFile: z.string().optional(),
    /** Replace the chip's boot regions with the `heap_init` lines of your own log. */
    regions: z.array(regionInput).min(1).optional(),
    /** Replay the system's own boot allocations (task stacks, ...) before the steps. */
    boot: z
      .boolean()
      .default(true)
      .describe('Replay the system boot allocations (task stacks, ...) first.'),
    types: z
      .record(
        z.string(),
        z.object({ size: z.number().int().min(0), align: powerOfTwo.default(4) }).strict(),
      )
      .default({}),
    steps: z.array(step),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type RegionInput = z.output<typeof regionInput>;

/** How deep `repeat` steps may nest (docs/reliability.md). */
export const MAX_NESTING = 32;

interface RawStep {
  steps?: unknown;
}

/**
 * Rejects `repeat` nested deeper than MAX_NESTING in a parsed, not yet validated value, level by
 * level without recursion: 3,000 levels must be an error, not a stack overflow in validation.
 */
function checkNesting(value: unknown): void {
  const top = (value as RawStep | null)?.steps;
  let level: unknown[] = Array.isArray(top) ? top : [];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_NESTING) {
      throw new ScenarioError(`steps: repeat nested more than ${MAX_NESTING} deep`);
    }
    const next: unknown[] = [];
    for (const s of level) {
      const inner = (s as RawStep | null)?.steps;
      if (Array.isArray(inner)) next.push(...(inner as unknown[]));
    }
    level = next;
  }
}

/** Validate a parsed JSON value; the error names the first offending path. */
export function parseScenario(value: unknown): Scenario {
  checkNesting(value);
  const r = scenarioSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = specific(r.error.issues[0]);
  const where = issue.path.length
    ? issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
    : 'scenario';
  throw new ScenarioError(`${where}: ${issue.message}`);
}

type Issue = z.core.$ZodIssue;

/** For a union that failed, the most telling member failure (a custom message beats "Invalid input"). */
function specific(
  issue: Issue,
  prefix: PropertyKey[] = [],
): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const nested = issue.errors.flat();
    const custom =
      nested.find((n) => n.code === 'custom') ?? nested.find((n) => n.code === 'invalid_union');
    if (custom) return specific(custom, path);
  }
  return { path, message: issue.message };
}
