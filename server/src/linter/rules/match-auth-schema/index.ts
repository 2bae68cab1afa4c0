import { AuthGeneration, type AuthTable } from '../../catalog';
import { authReferences, pathAuthReferences } from '../../generation';
import { defineRule } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'match-auth-schema';

const NAMES: Record<AuthGeneration, string> = {
  legacy: 'legacy Neon Auth (Stack Auth)',
  current: 'current Neon Auth (Better Auth)',
};

/** What to use instead of the other generation's user table. */
const INSTEAD: Record<AuthGeneration, string> = {
  legacy: 'use neon_auth.users_sync (text id, soft delete with deleted_at)',
  current: 'use neon_auth."user" (uuid id, hard delete)',
};

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). */
export const MATCH_AUTH_SCHEMA_MESSAGES = {
  otherGeneration: '{table} does not exist in {generation}: {instead}. (Setting neonAuth.authSchema / --auth-schema is "{setting}".)',
  otherGenerationInSet:
    '{table} does not exist in {generation}, which the earlier migrations of this set are written for ({path}:{line}): {instead}. ' +
    'If this migration moves the database to {other} on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.',
  mixed:
    'This file mixes both Neon Auth generations: {otherCount} reference(s) to {other} tables and {count} to {generation} tables, the first here ({table}). ' +
    'Fine while migrating from one to the other; otherwise the tables of the generation your project does not use do not exist. Set neonAuth.authSchema (CLI --auth-schema) to check against one.',
} as const;

/**
 * `match-auth-schema`: a file is written for one Neon Auth generation. When the `authSchema`
 * option forces one, every reference to the other generation's user table is reported (it does not
 * exist there); so it is with `auto` in a migration that names only the other generation than its
 * set's earlier migrations leave (`AuthUsage.earlier`), with the earlier migration as related
 * information. When the generation is detected (`auto`) and the file references both, one
 * information finding on the first reference of the generation it references less says so: a
 * migration from one to the other legitimately does. Lexical: also runs on statements no parser
 * accepted. No fix: the other table has other columns and id type.
 */
export const matchAuthSchema = defineRule({
  meta: {
    id: ID,
    description:
      "References to a Neon Auth user table of the other generation than the one the file uses (authSchema setting, or a migration set's earlier migrations), or a file that mixes both.",
    defaultSeverity: 'warning',
    fix: 'none',
    overview: {
      reports:
        "with `neonAuth.authSchema` / `--auth-schema` set to `legacy` or `current`, each reference to the other generation's user table (in Drizzle, its `usersSync` import, also from the app's schema module, or `pgSchema('neon_auth').table(…)` definition); with `auto`, in a migration that names only the other generation than its set's earlier migrations, each reference to that generation's user table, and one *info* finding on a file that mixes both generations",
      fixes: 'none',
    },
  },
  messages: MATCH_AUTH_SCHEMA_MESSAGES,
  lexical: true,
  check(ctx) {
    const { setting, mixed, earlier } = ctx.auth;
    // also an unqualified users_sync / "user" the search path resolves (as the generation detection counts it)
    const references = ctx.parsed ? [...authReferences(ctx.sig), ...pathAuthReferences(ctx.model, ctx.sig)] : authReferences(ctx.sig);
    for (const ref of references) {
      const table = ref.table;
      if (setting !== 'auto') {
        if (!otherUserTable(table, setting)) continue;
        ctx.report({ messageId: 'otherGeneration', data: otherGenerationData(table, setting), start: ref.start, end: ref.end, fixes: [] });
      } else if (earlier !== undefined) {
        if (!otherUserTable(table, earlier.generation)) continue;
        const { generation, at } = earlier;
        ctx.report({
          messageId: 'otherGenerationInSet',
          data: {
            table: table.display,
            generation: NAMES[generation],
            path: at.path,
            line: at.line + 1,
            instead: INSTEAD[generation],
            other: NAMES[table.generation],
          },
          start: ref.start,
          end: ref.end,
          fixes: [],
          related: [{ ...at, message: `this migration is written for ${NAMES[generation]}` }],
        });
      } else if (mixed !== undefined && ref.start === mixed.start) {
        const count = (g: AuthGeneration): number => ctx.auth.references.filter((r) => r.table.generation === g).length;
        ctx.report({
          messageId: 'mixed',
          data: mixedData(table, count),
          start: ref.start,
          end: ref.end,
          fixes: [],
          severity: 'info',
        });
      }
    }
  },
  drizzle: checkDrizzle,
});

/**
 * The `mixed` message's data for the first reference (`table`) of the generation a file references
 * less; `count` gives the number of references to each generation's tables.
 */
export function mixedData(
  table: Pick<AuthTable, 'generation' | 'display'>,
  count: (g: AuthGeneration) => number,
): { otherCount: number; other: string; count: number; generation: string; table: string } {
  const other: AuthGeneration = table.generation === 'legacy' ? 'current' : 'legacy';
  return { otherCount: count(other), other: NAMES[other], count: count(table.generation), generation: NAMES[table.generation], table: table.display };
}

/** Whether `table` is the user table of the generation `setting` does not use. */
export function otherUserTable(table: Pick<AuthTable, 'generation' | 'name'>, setting: AuthGeneration): boolean {
  return table.generation !== setting && (table.generation === 'legacy' || table.name === 'user');
}

/** The `otherGeneration` message's data for a reference to `table` under `setting`. */
export function otherGenerationData(
  table: Pick<AuthTable, 'display'>,
  setting: AuthGeneration,
): { table: string; generation: string; instead: string; setting: string } {
  return { table: table.display, generation: NAMES[setting], instead: INSTEAD[setting], setting };
}
