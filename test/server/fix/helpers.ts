/** Shared test helpers: plan a migration of one loose file through the real analyzer and parser. */
import { analyzeText } from '../../../server/analysis/analyzer';
import { type FixStyle, type MigrationPlan, planMigration } from '../../../server/fix/migrate';

export const LOOSE_FILE = '/virtual/src/file.cpp';

export async function planText(
  text: string,
  style: FixStyle = 'qualified',
): Promise<MigrationPlan> {
  const findings = await analyzeText(text);
  return planMigration(
    { root: null, files: [LOOSE_FILE], components: [], read: () => undefined },
    [{ file: LOOSE_FILE, text, findings }],
    { style, namespace: 'psram' },
  );
}

/** The text after the migration (the input when nothing changes). */
export async function migrateText(text: string, style: FixStyle = 'qualified'): Promise<string> {
  const plan = await planText(text, style);
  return plan.files.find((f) => f.file === LOOSE_FILE)?.after ?? text;
}
