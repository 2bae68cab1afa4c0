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
    name: "a ${…} with other text in the string ('%${q}%'): reported, no fix (where the text goes is the author's choice)",
    options: TS,
    sql: `${HEADER}await sql\`SELECT id FROM neon_auth.users_sync WHERE name ILIKE '%\${q}%' AND deleted_at IS NULL AND id = \${id}\`;\n`,
    rejectedBy: '42P18',
    findings: [{ at: '${q}', messageId: 'insideString', fixes: [] }],
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
