import { AUTH_SCHEMA_SETTINGS, AuthSchemaSetting, DEFAULT_MAX_FILE_SIZE, RULE_SETTINGS, RuleSetting } from '../linter';

/** The `neonAuth.*` settings the server reads (section `neonAuth` of `workspace/configuration`). */
export interface Settings {
  /** `neonAuth.enable`: false clears the diagnostics and turns every feature off. */
  enable: boolean;
  /** `neonAuth.debounceMs`: delay between the last change and the lint; 0 lints at once. */
  debounceMs: number;
  /** `neonAuth.rules`: per-rule severity or `off`, passed as `LintOptions.rules`. */
  rules: Record<string, RuleSetting>;
  /** `neonAuth.maxFileSizeMb`: larger documents get one notice instead of a check (MB, of UTF-16 code units). */
  maxFileSizeMb: number;
  /** `neonAuth.authSchema`: the Neon Auth generation files are written for, or `auto` to detect it per file. */
  authSchema: AuthSchemaSetting;
  /** `neonAuth.run`: check while typing (`onType`, debounced) or only when a file is opened or saved (`onSave`). */
  run: 'onType' | 'onSave';
  /** `neonAuth.embeddedSql.enable`: check the SQL in TypeScript and JavaScript files. */
  embeddedSql: boolean;
}

/** Settings whose `neonAuth.*` name is not the field's name (the others are `neonAuth.<field>`). */
export const SETTING_NAMES: Readonly<Partial<Record<keyof Settings, string>>> = { embeddedSql: 'embeddedSql.enable' };

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  debounceMs: 200,
  rules: {},
  maxFileSizeMb: DEFAULT_MAX_FILE_SIZE / (1024 * 1024),
  authSchema: 'auto',
  run: 'onType',
  embeddedSql: true,
});

const RULE_SETTING_SET: ReadonlySet<string> = new Set<RuleSetting>(RULE_SETTINGS);

/** The longest debounce honoured; larger values are clamped (a typo must not silence the linter). */
export const MAX_DEBOUNCE_MS = 10_000;

/**
 * Reads the `neonAuth` settings object as sent by a client. Never throws: missing or malformed
 * values fall back to the defaults, unknown rule settings are dropped.
 */
export function normalizeSettings(raw: unknown): Settings {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const enable = typeof o.enable === 'boolean' ? o.enable : DEFAULT_SETTINGS.enable;
  const debounceMs =
    typeof o.debounceMs === 'number' && Number.isFinite(o.debounceMs)
      ? Math.min(MAX_DEBOUNCE_MS, Math.max(0, Math.floor(o.debounceMs)))
      : DEFAULT_SETTINGS.debounceMs;
  const rules: Record<string, RuleSetting> = {};
  if (o.rules !== null && typeof o.rules === 'object' && !Array.isArray(o.rules)) {
    for (const [id, value] of Object.entries(o.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && RULE_SETTING_SET.has(value)) rules[id] = value as RuleSetting;
    }
  }
  const maxFileSizeMb =
    typeof o.maxFileSizeMb === 'number' && Number.isFinite(o.maxFileSizeMb) && o.maxFileSizeMb > 0 ? o.maxFileSizeMb : DEFAULT_SETTINGS.maxFileSizeMb;
  const authSchema = (AUTH_SCHEMA_SETTINGS as readonly unknown[]).includes(o.authSchema) ? (o.authSchema as AuthSchemaSetting) : DEFAULT_SETTINGS.authSchema;
  const run = o.run === 'onSave' ? 'onSave' : 'onType';
  // VS Code sends dotted setting names as nested objects: `embeddedSql: { enable }`.
  const embedded = o.embeddedSql !== null && typeof o.embeddedSql === 'object' ? (o.embeddedSql as Record<string, unknown>).enable : undefined;
  const embeddedSql = typeof embedded === 'boolean' ? embedded : DEFAULT_SETTINGS.embeddedSql;
  return { enable, debounceMs, rules, maxFileSizeMb, authSchema, run, embeddedSql };
}
