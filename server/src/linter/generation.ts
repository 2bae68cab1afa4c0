/**
 * Which Neon Auth generation a file uses: legacy (Stack Auth based, `neon_auth.users_sync`) or
 * current (Better Auth based, `neon_auth."user"` and the other tables Neon Auth owns in
 * `neon_auth`). Detected from the schema-qualified table names the file's statements contain
 * (read from tokens, so comments and strings do not count and unparsable statements do), unless
 * the `authSchema` option forces one.
 */
import { AUTH_SCHEMAS, AuthGeneration, ManagedTable, resolveManagedTable } from './catalog';
import { SigTokens } from './tokens';

import { AUTH_SCHEMA_SETTINGS, type AuthSchemaSetting } from './constants';

/** `LintOptions.authSchema`: detect the generation from the file, or force one (defined in `constants.ts`). */
export { AUTH_SCHEMA_SETTINGS, type AuthSchemaSetting };

/** A schema-qualified reference to a Neon-managed table. */
export interface AuthReference {
  table: ManagedTable;
  /** Range of the qualified name as written (`neon_auth.users_sync`, `"neon_auth"."user"`). */
  start: number;
  end: number;
}

/** What a whole file references of each generation, and the generation in effect. */
export interface AuthUsage {
  setting: AuthSchemaSetting;
  /** Forced by the setting; else detected (the generation most references are to); undefined when `auto` finds no reference. */
  generation?: AuthGeneration;
  /** References to Neon-managed tables, in document order. */
  references: AuthReference[];
  /**
   * With `auto`, when the file references both generations: the first reference of the minority
   * generation (on a tie, of the generation referenced later). Undefined otherwise.
   */
  mixed?: AuthReference;
}

/** The references to Neon-managed tables in one statement's tokens, in order. */
export function authReferences(sig: SigTokens): AuthReference[] {
  const out: AuthReference[] = [];
  const L = sig.list;
  for (let i = 0; i + 2 < L.length; i++) {
    const t = L[i];
    if ((t.kind !== 'word' && t.kind !== 'quotedIdent') || !AUTH_SCHEMAS.includes(t.value) || !sig.isPunct(i + 1, '.')) continue;
    const n = L[i + 2];
    if (n.kind !== 'word' && n.kind !== 'quotedIdent') continue;
    const table = resolveManagedTable(t.value, n.value);
    if (table) out.push({ table, start: t.start, end: n.end });
    i += 2;
  }
  return out;
}

/** The generation usage of a file given all its references to Neon-managed tables (any order) and the setting. */
export function authUsageOf(all: readonly AuthReference[], setting: AuthSchemaSetting = 'auto'): AuthUsage {
  const references = [...all].sort((a, b) => a.start - b.start);
  if (setting !== 'auto') return { setting, generation: setting, references };
  const legacy = references.filter((r) => r.table.generation === 'legacy');
  const current = references.filter((r) => r.table.generation === 'current');
  if (legacy.length === 0 && current.length === 0) return { setting, references };
  if (current.length === 0) return { setting, generation: 'legacy', references };
  if (legacy.length === 0) return { setting, generation: 'current', references };
  const legacyWins = legacy.length > current.length || (legacy.length === current.length && legacy[0].start < current[0].start);
  return legacyWins ? { setting, generation: 'legacy', references, mixed: current[0] } : { setting, generation: 'current', references, mixed: legacy[0] };
}
