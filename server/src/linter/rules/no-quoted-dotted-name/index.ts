import { AUTH_SCHEMAS, resolveManagedTable } from '../../catalog';
import { SigTokens } from '../../tokens';
import { Fix } from '../../types';
import { defineRule, RuleContext } from '../rule';

const ID = 'no-quoted-dotted-name';

/** `"a"` as a quoted identifier (`"` doubled inside, per the Postgres docs on quoted identifiers). */
const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * `no-quoted-dotted-name`: `"neon_auth.users_sync"` is ONE quoted identifier that contains a dot:
 * a table of that name in the default schema, not the table `users_sync` in schema `neon_auth`
 * (per the Postgres docs on identifiers: a quoted identifier may contain any character). ORMs
 * that take a table name as one string write it into generated migrations. Purely lexical: it
 * also runs on statements no parser accepted.
 */
/** Words after which a table name is written (FROM, JOIN, INSERT INTO, UPDATE, [CREATE|ALTER|DROP] TABLE, REFERENCES, …). */
const BEFORE_TABLE: ReadonlySet<string> = new Set([
  'from',
  'join',
  'into',
  'update',
  'table',
  'references',
  'only',
  'using',
  'lateral',
  'truncate',
  'on',
  'exists',
  'view',
  'copy',
]);

/** Words that end a FROM list, looking back from a comma. */
const NOT_FROM_LIST: ReadonlySet<string> = new Set([
  'select',
  'where',
  'set',
  'values',
  'returning',
  'on',
  'group',
  'order',
  'having',
  'limit',
  'by',
  'distinct',
]);

/**
 * Whether token `i` stands where a table is named: after a word that introduces one, in a FROM list
 * after a comma, or as the qualifier of a column (`"neon_auth.users_sync".id`).
 */
function namesTable(sig: SigTokens, i: number): boolean {
  if (sig.isPunct(i + 1, '.')) return true;
  const prev = sig.list[i - 1];
  if (prev?.kind === 'word') return BEFORE_TABLE.has(prev.value);
  if (sig.isPunct(i - 1, '.')) return namesTable(sig, i - 2); // `public."neon_auth.users_sync"`
  if (!sig.isPunct(i - 1, ',')) return false;
  // a comma: in a FROM list when FROM (or USING) comes first looking back at this depth
  let depth = 0;
  for (let k = i - 2; k >= 0; k--) {
    if (sig.isPunct(k, ')')) depth++;
    else if (sig.isPunct(k, '(')) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && sig.list[k].kind === 'word') {
      if (sig.isWord(k, 'from', 'using')) return true;
      if (NOT_FROM_LIST.has(sig.list[k].value)) return false;
    }
  }
  return false;
}

/**
 * Words after which Postgres looks the name up as an existing relation (`FROM`, `JOIN`, `UPDATE`,
 * `REFERENCES`, `[FROM|ALTER TABLE] ONLY`, `TRUNCATE`, `COPY`, `DELETE … USING`): none of them
 * creates it. `TABLE`, `INTO` and `ON` are judged by what comes before them (see `readsRelationAt`).
 */
const READS_RELATION: ReadonlySet<string> = new Set(['from', 'join', 'update', 'references', 'only', 'truncate', 'copy', 'using']);

/** Words before `TABLE` after which it names an existing table (`ALTER TABLE`, `LOCK TABLE`, `TRUNCATE TABLE`, `GRANT … ON TABLE`). */
const BEFORE_EXISTING_TABLE: ReadonlySet<string> = new Set(['alter', 'lock', 'truncate', 'on']);

/**
 * Whether the name at token `i` (or the schema-qualified name it ends, `public."neon_auth.users_sync"`)
 * is read as an existing relation by the statement itself, never created by it: after one of
 * `READS_RELATION`, in a `FROM` list after a comma, after `TABLE` of `ALTER`/`LOCK`/`TRUNCATE`/`ON`
 * or at the start (`TABLE x`), after `INSERT INTO` or `MERGE INTO` (not `SELECT … INTO`, which
 * creates it), and after the first `ON` of a `GRANT`, `REVOKE` or `COMMENT` or of a `CREATE`/`ALTER`
 * with no join before it (`CREATE POLICY p ON x`, `CREATE INDEX ON x`). Not a column qualifier
 * (`"neon_auth.users_sync".id`: it may be an alias's).
 */
function readsRelationAt(sig: SigTokens, i: number): boolean {
  if (sig.isPunct(i + 1, '.')) return false;
  const head = sig.isPunct(i - 1, '.') ? i - 2 : i;
  const prev = head - 1;
  if (sig.isPunct(prev, ',')) return namesTable(sig, head);
  if (sig.list[prev]?.kind !== 'word') return false;
  if (READS_RELATION.has(sig.list[prev].value)) return true;
  if (sig.isWord(prev, 'table')) return prev === 0 || sig.isWord(prev - 1, ...BEFORE_EXISTING_TABLE);
  if (sig.isWord(prev, 'into')) return sig.isWord(prev - 1, 'insert', 'merge');
  if (!sig.isWord(prev, 'on')) return false;
  for (let k = 0; k < prev; k++) if (sig.isWord(k, 'on', 'join')) return false;
  return sig.isWord(0, 'grant', 'revoke', 'comment', 'create', 'alter');
}

/**
 * Whether the name at token `i` (or the schema-qualified name it ends) is the new table of a `SELECT
 * … INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] name` (`INTO` not after `INSERT` or `MERGE`): the
 * statement creates a table of that name, as `CREATE TABLE … AS` does (PostgreSQL docs, SELECT
 * INTO).
 */
function selectIntoTargetAt(sig: SigTokens, i: number): boolean {
  if (sig.isPunct(i + 1, '.')) return false;
  let k = (sig.isPunct(i - 1, '.') ? i - 2 : i) - 1;
  if (sig.isWord(k, 'table')) k--;
  if (sig.isWord(k, 'temporary', 'temp', 'unlogged')) k--;
  return sig.isWord(k, 'into') && k > 0 && !sig.isWord(k - 1, 'insert', 'merge');
}

/**
 * Whether Postgres surely rejects the statement of the dotted name at token `i` (42P01,
 * undefined_table): it reads the name as an existing relation (`readsRelationAt`), no table of that
 * name exists there (the file creates, alters or renames to none, anywhere, and the earlier
 * migrations of its set left none), and nothing in the statement could make it one (every other
 * use of the name in it is a table position too: not a `WITH` query's name or an alias; no `IF
 * EXISTS`, which skips a missing table; not a `DROP`). A statement in a routine body is never
 * judged (see `findingRejection`).
 */
function provenUndefined(ctx: RuleContext, i: number): boolean {
  const { sig } = ctx;
  const t = sig.list[i];
  if (ctx.inRoutineBody || sig.isWord(0, 'drop') || !readsRelationAt(sig, i)) return false;
  for (let k = 0; k < sig.list.length; k++) {
    if (sig.isWord(k, 'if') && sig.isWord(k + 1, 'exists')) return false;
    if (k !== i && sig.list[k].kind === 'quotedIdent' && sig.list[k].value === t.value && !namesTable(sig, k)) return false;
  }
  return !ctx.tables.defines(t.value) && !ctx.tables.priorDefines(t.value);
}

export const noQuotedDottedName = defineRule({
  meta: {
    id: ID,
    description:
      'A quoted "neon_auth.users_sync" is one identifier (a table named with a dot in the default schema), not Neon Auth\'s table; write "neon_auth"."users_sync".',
    defaultSeverity: 'error',
    // only where no table of the dotted name exists (`provenUndefined`): one may, in principle
    rejectedByPostgres: { sqlstate: '42P01', findings: 'marked' },
    fix: 'safe',
    overview: {
      reports:
        'a quoted `"neon_auth.users_sync"` (also `"neon_identity.users_sync"`, `"neon_auth.user"`, the other current tables): one identifier, a table named with a dot in the default schema, not Neon\'s (generated migrations); also in statements the parser rejects',
      fixes:
        '`Split into "neon_auth"."users_sync"` (safe, unless the file creates or alters the dotted table itself; not offered when the statement creates or changes the dotted table)',
    },
  },
  messages: {
    /** `{written}`: the quoted name as written; `{table}`: Neon Auth's table it was meant to be; `{split}`: the two-identifier form. */
    createsDottedTable:
      "{written} is one identifier with a dot in it: this creates a table named {written} in the default schema, next to Neon Auth's {table}. Neon Auth creates its table itself: remove this statement and reference {split} instead.",
    changesDottedTable:
      "{written} is one identifier with a dot in it: this changes a table named {written} in the default schema, not Neon Auth's {table} (which is Neon's to change, not the app's).",
    usesOwnDottedTable:
      "{written} is one identifier with a dot in it: this file creates or alters a table named {written} in the default schema, and this uses that table, not Neon Auth's {table}. Write {split} once the file no longer has that table: the split makes this statement use Neon Auth's table and its rows.",
    dottedName: "{written} is one identifier with a dot in it: a table named {written} in the default schema, not Neon Auth's {table}. Write {split}.",
  },
  lexical: true,
  check(ctx) {
    const L = ctx.sig.list;
    L.forEach((t, i) => {
      if (t.kind !== 'quotedIdent') return;
      const dot = t.value.indexOf('.');
      if (dot < 0 || t.value.indexOf('.', dot + 1) >= 0) return;
      const schema = t.value.slice(0, dot);
      const name = t.value.slice(dot + 1);
      if (!AUTH_SCHEMAS.includes(schema)) return;
      const table = resolveManagedTable(schema, name);
      if (!table) return;
      // Only where a table is named (`AS "neon_auth.user"` or `name "neon_auth.user"` is an alias, a
      // lone `"neon_auth.user"` in a select list a column).
      const selectInto = selectIntoTargetAt(ctx.sig, i);
      if (!selectInto && !namesTable(ctx.sig, i)) return;
      const written = ctx.text.slice(t.start, t.end);
      if (selectInto) {
        // In a routine body `SELECT … INTO` fills variables (PL/pgSQL): no table there.
        if (ctx.inRoutineBody) return;
        // `SELECT … INTO "neon_auth.users_sync"` creates the dotted table, as CREATE TABLE … AS does:
        // splitting the name would create (or fail to create) Neon's own table instead, so no fix.
        ctx.report({
          messageId: 'createsDottedTable',
          data: { written, table: table.display, split: `${quote(schema)}.${quote(name)}` },
          start: t.start,
          end: t.end,
          fixes: [],
        });
        return;
      }
      const target = ctx.model.writes.find((w) => w.start <= t.start && t.end <= w.end);
      if (target) {
        // Dropping the dotted table removes the mistaken table, not Neon's: nothing to report.
        if (target.kind === 'drop') return;
        // The statement writes, alters or creates this dotted table: rewriting the name would point
        // that write at Neon's own table, so there is no mechanical fix.
        const at = { start: t.start, end: t.end, fixes: [], ...(provenUndefined(ctx, i) ? { rejectedByPostgres: true } : {}) };
        if (target.kind === 'create')
          ctx.report({ messageId: 'createsDottedTable', data: { written, table: table.display, split: `${quote(schema)}.${quote(name)}` }, ...at });
        else ctx.report({ messageId: 'changesDottedTable', data: { written, table: table.display }, ...at });
        return;
      }
      // `public."neon_auth.users_sync"`: the schema written before it goes too.
      const editStart = ctx.sig.isPunct(i - 1, '.') && L[i - 2] && (L[i - 2].kind === 'word' || L[i - 2].kind === 'quotedIdent') ? L[i - 2].start : t.start;
      const replacement = `${quote(schema)}.${quote(name)}`;
      // A file that creates (or alters) the dotted table itself, or a view of that name, uses a
      // relation that exists and may hold rows: splitting the name moves this statement to Neon's table, which changes what it
      // reads or accepts. Still the fix to make (the dotted table is the mistake), but not on save.
      const ownTable = ctx.tables.defines(t.value);
      const fix: Fix = {
        title: `Split into ${replacement}`,
        isPreferred: true,
        safe: !ownTable,
        edits: [{ start: editStart, end: t.end, newText: replacement }],
      };
      ctx.report({
        messageId: ownTable ? 'usesOwnDottedTable' : 'dottedName',
        data: { written, table: table.display, split: replacement },
        start: t.start,
        end: t.end,
        fixes: [fix],
        ...(!ownTable && provenUndefined(ctx, i) ? { rejectedByPostgres: true } : {}),
      });
    });
  },
});
