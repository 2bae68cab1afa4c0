import { RuleCase } from '../caseTypes';

/**
 * SQL files never get this finding (`'$1'` is text there): the TypeScript cases, with exact ranges
 * and fixed text, are in test/host.test.ts.
 */
const TS = { language: 'typescript' };
const HEADER = "import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\n";

export const cases: RuleCase[] = [
  {
    name: "a ${…} inside '…' in a Neon driver template: the quotes' removal sends it as a parameter",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE email = '\${email}' AND deleted_at IS NULL\`;\n`,
    rejectedBy: '08P01',
    findings: [
      {
        at: '${email}',
        messageId: 'insideString',
        message: 'is inside a quoted SQL string',
        fixes: [
          {
            title: 'Remove the quotes around ${email} (send it as a parameter)',
            preferred: true,
            safe: false,
            output: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE email = \${email} AND deleted_at IS NULL\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: "a ${…} with other text in a LIKE pattern ('%${q}%'): the pattern built with || around the parameter (a suggestion)",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE name ILIKE '%\${q}%' AND deleted_at IS NULL AND id = \${id}\`;\n`,
    rejectedBy: '42P18',
    findings: [
      {
        at: '${q}',
        messageId: 'insideString',
        fixes: [
          {
            title: "Build the pattern with || around ${q}: '%' || ${q} || '%'",
            preferred: true,
            safe: false,
            output: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE name ILIKE '%' || \${q} || '%' AND deleted_at IS NULL AND id = \${id}\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: "a LIKE pattern that starts with the ${…} ('${q}%'): the opening quote goes",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL AND name LIKE '\${q}%'\`;\n`,
    rejectedBy: '08P01',
    findings: [
      {
        at: '${q}',
        messageId: 'insideString',
        fixes: [
          {
            title: "Build the pattern with || around ${q}: ${q} || '%'",
            preferred: true,
            safe: false,
            output: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL AND name LIKE \${q} || '%'\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: "a NOT LIKE pattern followed by a cast ('x${q}'::text): built in parentheses (:: binds tighter than ||)",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL AND name NOT LIKE 'x\${q}'::text\`;\n`,
    rejectedBy: '08P01',
    findings: [
      {
        at: '${q}',
        messageId: 'insideString',
        fixes: [
          {
            title: "Build the pattern with || around ${q}: ('x' || ${q})",
            preferred: true,
            safe: false,
            output: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL AND name NOT LIKE ('x' || \${q})::text\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: "a ${…} with other text in a string that is not a LIKE pattern ('user-${n}'): reported, no fix (what type the text must have is the author's to say)",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE id = 'user-\${n}' AND deleted_at IS NULL\`;\n`,
    rejectedBy: '08P01',
    findings: [{ at: '${n}', messageId: 'insideString', fixes: [] }],
  },
  {
    name: 'a ${…} inside double quotes after = ("${q}"): a quoted name in Postgres, not a string; reported (no unknown-column finding about "$1"), the quotes\' removal (sends it as a value) is a suggestion, not preferred',
    options: TS,
    sql: `${HEADER}await sql\`SELECT email FROM neon_auth.users_sync WHERE id = "\${q}" AND deleted_at IS NULL\`;\n`,
    rejectedBy: '42703',
    findings: [
      {
        at: '${q}',
        messageId: 'insideIdentifier',
        message: 'is inside double quotes: in Postgres "…" quotes a name',
        fixes: [
          {
            title: 'Remove the quotes around ${q} (send it as a value, not a name)',
            preferred: false,
            safe: false,
            output: `${HEADER}await sql\`SELECT email FROM neon_auth.users_sync WHERE id = \${q} AND deleted_at IS NULL\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'a ${…} inside double quotes where a name is meant (ORDER BY "${col}"): reported, no fix (without the quotes the query would sort by a constant and run, silently wrong); the message names the identifier helpers',
    options: TS,
    sql: `${HEADER}await sql\`SELECT email FROM neon_auth.users_sync WHERE deleted_at IS NULL ORDER BY "\${col}"\`;\n`,
    rejectedBy: '42703',
    findings: [
      {
        at: '${col}',
        messageId: 'insideIdentifier',
        message: "use the driver's identifier helper (postgres.js sql(name), Drizzle sql.identifier(name), pg-format's %I for node-postgres)",
        fixes: [],
      },
    ],
  },
  {
    name: 'a ${…} inside double quotes in a select list (SELECT "${col}"): reported, no fix',
    options: TS,
    sql: `${HEADER}await sql\`SELECT "\${col}" FROM neon_auth.users_sync WHERE deleted_at IS NULL\`;\n`,
    rejectedBy: '42703',
    findings: [{ at: '${col}', messageId: 'insideIdentifier', fixes: [] }],
  },
  {
    name: 'a ${…} with other text in double quotes ("col_${q}"): reported, no fix',
    options: TS,
    sql: `${HEADER}await sql\`SELECT email FROM neon_auth.users_sync WHERE "col_\${q}" = 1 AND deleted_at IS NULL\`;\n`,
    rejectedBy: '42703',
    findings: [{ at: '${q}', messageId: 'insideIdentifier', fixes: [] }],
  },
  {
    name: 'a ${…} inside a dollar-quoted string ($$${e}$$): reported, no fix',
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE email = $$\${email}$$ AND deleted_at IS NULL\`;\n`,
    rejectedBy: '08P01',
    findings: [{ at: '${email}', messageId: 'insideString', fixes: [] }],
  },
  {
    name: 'a ${…} outside quotes and a $5 the template writes inside a string are fine',
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE email = \${email} AND name <> 'costs $5' AND deleted_at IS NULL\`;\n`,
    findings: [],
  },
  {
    name: "a '$1' in a SQL file is text, not a host's ${…}",
    sql: "SELECT id FROM neon_auth.users_sync WHERE name = '$1' AND deleted_at IS NULL;",
    findings: [],
  },
];
