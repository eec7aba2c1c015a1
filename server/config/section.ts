/**
 * The settings facts the extension host needs without the schema (server/config/settings.ts pulls
 * in zod, which stays out of dist/extension.js): the section name and the monitor's defaults.
 */
export const SETTINGS_SECTION = 'psramLens';

/** `psramLens.monitor.*` defaults (the schema's defaults, hence package.json's too). */
export const MONITOR_DEFAULTS = { command: 'idf.py', port: '' } as const;
