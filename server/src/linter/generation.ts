/**
 * Which Neon Auth generation a file uses: legacy (Stack Auth based, `neon_auth.users_sync`) or
 * current (Better Auth based, `neon_auth."user"` and the other tables Neon Auth owns in
 * `neon_auth`). Detected from the schema-qualified table names the file's statements contain
 * (read from tokens, so comments and strings do not count and unparsable statements do), and the
 * unqualified user table names a parsed statement uses as tables where the search path resolves
 * them (`pathAuthNames`), unless the `authSchema` option forces one.
 */
import { AUTH_SCHEMAS, AuthGeneration, isAuthTableName, ManagedTable, resolveManagedTable } from './catalog';
import { NamedSpan, tableGrantOf } from './grants';
import type { StatementModel } from './model';
import { SigTokens } from './tokens';
import type { FileRange } from './types';

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
  /**
   * With `auto`, for a migration of a set that names only the other generation than its earlier
   * migrations leave (`PriorSchema.earlier`): theirs, which `generation` then is. Undefined otherwise.
   */
  earlier?: { generation: AuthGeneration; at: FileRange };
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

/**
 * The unqualified Neon Auth user table names (`users_sync`, `"user"`) a statement uses as tables and
 * that its model resolves through the search path (`StatementModel.authSchemaOf`), each once, in
 * no particular order: a relation it reads (a CTE of that name is not one), the target of a foreign
 * key, a table it writes, alters, drops or creates (`StatementModel.writes`) and a table it grants
 * on. Names elsewhere (a column or a CTE named `users_sync`) are not. Empty without `authSchemaOf`.
 */
export function pathAuthNames(model: StatementModel, sig: SigTokens): NamedSpan[] {
  const of = model.authSchemaOf;
  const out: NamedSpan[] = [];
  if (!of) return out;
  const add = (name: string, start: number, end: number): void => {
    if (isAuthTableName(name) && !out.some((x) => x.start === start) && of(name) !== undefined) out.push({ name, start, end });
  };
  for (const scope of model.scopes)
    for (const e of scope.from) if (e.relation?.pathSchema !== undefined) add(e.relation.name, e.relation.nameSpan.start, e.relation.nameSpan.end);
  for (const level of model.levels ?? [])
    for (const rel of level.relations) if (rel.pathSchema !== undefined) add(rel.name, rel.nameSpan.start, rel.nameSpan.end);
  for (const fk of model.foreignKeys) {
    if (fk.targetSchema !== undefined || !fk.authTable) continue;
    const name = sig.list[sig.indexAt(fk.referencesSpan.start) + 1];
    if (name && (name.kind === 'word' || name.kind === 'quotedIdent') && name.value === fk.targetName) add(fk.targetName, name.start, name.end);
  }
  for (const w of model.writes) if (w.object === 'table' && w.schema === undefined) add(w.name, w.start, w.end);
  for (const t of tableGrantOf(sig)?.tables ?? []) if (t.schema === undefined) add(t.name, t.start, t.end);
  return out;
}

/**
 * The references of a statement to Neon Auth user tables by unqualified names its model resolves
 * through the search path (see `pathAuthNames`), in document order.
 */
export function pathAuthReferences(model: StatementModel, sig: SigTokens): AuthReference[] {
  const out: AuthReference[] = [];
  for (const n of pathAuthNames(model, sig)) {
    const table = resolveManagedTable(model.authSchemaOf?.(n.name), n.name);
    if (table) out.push({ table, start: n.start, end: n.end });
  }
  return out.sort((a, b) => a.start - b.start);
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
