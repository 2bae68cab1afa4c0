import { defineRule } from '../rule';

const ID = 'no-interpolation-in-sql-string';

/**
 * `no-interpolation-in-sql-string`: a `${…}` inside a quoted SQL string of a tagged template
 * (`` sql`… WHERE email = '${email}'` ``). The tags of the Neon driver, postgres.js, Prisma,
 * Drizzle, @vercel/postgres, Kysely and sql-template-tag send each `${…}` as a parameter (`$1`)
 * and Postgres reads `'$1'` as the three characters `$1` (per the Postgres docs on string constants
 * and on parameters, which are never substituted inside a literal): the value is never used, and
 * Postgres rejects the query for the parameter it does not use (measured on Postgres through PGlite:
 * 08P01 "bind message supplies 1 parameters, but prepared statement requires 0" when it was the only
 * one, 42P18 "could not determine data type of parameter $1" when a later one is used). Only host files have such templates: the finding is made where
 * the host's `${…}` are known (`engine.ts`, `lintHostView`, through `hostStringSubstitutions`), never
 * in a `.sql` file, where `'$1'` is just text; this module holds the rule's metadata and message.
 */
export const noInterpolationInSqlString = defineRule({
  meta: {
    id: ID,
    description:
      'A ${…} inside a quoted SQL string of a tagged template is sent as text, not as the value: the query never sees it, and Postgres rejects the unused parameter (08P01 or 42P18).',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    overview: {
      reports:
        "in TypeScript/JavaScript, a `${…}` inside a quoted string of a tagged template (`` sql`… WHERE email = '${email}'` ``): the tag sends it as a parameter, which Postgres never substitutes inside a string (`'$1'` is text; the unused parameter fails with 08P01 or 42P18); also inside double quotes (`\"${q}\"`), which quote a column name in Postgres, not a string",
      fixes:
        '`Remove the quotes around <${…}>` when the string holds only the `${…}`; `Build the pattern with … around <${…}>` for a LIKE pattern with other text (concatenated around the parameter); for a quoted name holding only the `${…}` right after a comparison (`= "${id}"`), `Remove the quotes around <${…}> (send it as a value, not a name)`, never preferred, and none elsewhere (`ORDER BY "${col}"`: a name chosen at run time needs the driver\'s identifier helper, not a parameter); all suggestions: the query then uses the value where it failed before',
    },
  },
  messages: {
    /** `{written}`: the `${…}` as written in the host. */
    insideString:
      '{written} is inside a quoted SQL string: the tag sends it as a parameter, and Postgres does not replace parameters inside strings, so the query reads the text $1 and never the value, and Postgres rejects the unused parameter (08P01 or 42P18). Write it outside the quotes.',
    /** `{written}`: the `${…}` as written in the host. */
    insideIdentifier:
      '{written} is inside double quotes: in Postgres "…" quotes a name (a column or table), not a string, so the query reads a column named after the parameter ($1) and never the value (Postgres rejects it: 42703, or 42P18 for the unused parameter). For a value, write it without the quotes. For a column or table name chosen at run time, a parameter cannot do it (Postgres would compare or sort by the name as a constant string, silently): use the driver\'s identifier helper (postgres.js sql(name), Drizzle sql.identifier(name), pg-format\'s %I for node-postgres), with the name checked against a list you allow.',
  },
  check() {
    // Reported by the host layer, which knows which `$n` are the host's `${…}` (see the module comment).
  },
});

/** The message ids of the host layer's findings (`engine.ts`): a `${…}` in a string constant, in a quoted name. */
export const INSIDE_STRING = 'insideString';
export const INSIDE_IDENTIFIER = 'insideIdentifier';

/** The title of the fix that removes the quotes around a string holding only `written`. */
export function removeQuotesTitle(written: string): string {
  return `Remove the quotes around ${written} (send it as a parameter)`;
}

/** The title of the fix that removes the double quotes around a quoted name holding only `written`. */
export function removeIdentifierQuotesTitle(written: string): string {
  return `Remove the quotes around ${written} (send it as a value, not a name)`;
}

/**
 * The SQL tokens (lower-cased, as `HostQuotedSubstitution.before`) after which a quoted name
 * holding only a `${…}` most likely stands for a value: comparison operators and LIKE. Only there is
 * the quotes' removal offered for a quoted name.
 */
export const VALUE_AFTER: ReadonlySet<string> = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', 'like', 'ilike']);
