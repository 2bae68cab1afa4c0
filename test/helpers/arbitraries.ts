/**
 * fast-check arbitraries of SQL for the property tests: token soups, rule cases with random
 * mutations, and plausible statements and files around the Neon Auth tables with random trivia.
 */
import fc from 'fast-check';
import { tokenize } from '../../server/src/linter/lexer';
import { ruleCases } from '../ruleCases';

export interface Case {
  ruleId: string;
  name: string;
  sql: string;
  /** The case has a statement the parser rejects (checked by a lexical rule; see RuleCase.parserMayReject). */
  parserMayReject?: boolean;
}

/** Every rule case written in SQL (the properties are about SQL; a TypeScript case's text is not SQL). */
export const CASES: Case[] = Object.entries(ruleCases).flatMap(([ruleId, cs]) =>
  cs.filter((c) => c.options?.language === undefined).map((c) => ({ ruleId, name: c.name, sql: c.sql, parserMayReject: c.parserMayReject })),
);
export const caseSql = fc.constantFrom(...CASES.map((c) => c.sql));

/** SQL fragments that matter to the lexer, the splitter and the rules. */
export const VOCABULARY = [
  'SELECT',
  'FROM',
  'JOIN',
  'LEFT',
  'INNER',
  'ON',
  'WHERE',
  'AND',
  'OR',
  'neon_auth',
  '.',
  'users_sync',
  '"user"',
  'u',
  'deleted_at',
  'IS NULL',
  'REFERENCES',
  'ON DELETE',
  'CASCADE',
  'CREATE TABLE',
  '(',
  ')',
  ',',
  ';',
  "'",
  "E'",
  '$$',
  '$tag$',
  '"',
  '--',
  '/*',
  '*/',
  '\\i x',
  ':v',
  '$1',
  '\n',
  '\r\n',
  '\t',
  'é',
  '😀',
  '\uD800',
  '\u0000',
  // routine bodies are linted too
  'DO',
  'BEGIN',
  'END',
  'AS',
  '$fn$',
  'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS',
  'EXCEPTION WHEN duplicate_object THEN null',
  'RETURN QUERY',
];
export const SEPARATORS = ['', ' ', ' ', '\n'];

/**
 * Random token soups over the vocabulary. NUL is rare: a text with a NUL in its first 8,000 code
 * units is skipped as binary by design (one `file-skipped` finding), which would hide the rest.
 */
export const fragment = fc.oneof(
  { arbitrary: fc.constantFrom(...VOCABULARY.filter((w) => w !== '\u0000')), weight: 200 },
  { arbitrary: fc.constant('\u0000'), weight: 1 },
  // whole names, so that soups often contain a Neon Auth table and get parsed
  { arbitrary: fc.constantFrom('neon_auth.users_sync', 'neon_auth."user"', 'JOIN neon_auth.users_sync u ON'), weight: 20 },
);
export const soup = fc.array(fc.tuple(fragment, fc.constantFrom(...SEPARATORS)), { maxLength: 80 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

/** One UTF-16 code unit or character that tends to matter, or any code unit at all (lone surrogates included). */
export const anyChar = fc.oneof(
  fc.constantFrom(
    ' ',
    '\n',
    '\r',
    '\t',
    '(',
    ')',
    ',',
    ';',
    "'",
    '"',
    '$',
    '-',
    '/',
    '*',
    '\\',
    ':',
    '.',
    'é',
    '😀',
    '\uD800',
    '\uDC00',
    '\u0000',
    'a',
    'E',
    'u',
    '1',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

export type Mutation = { op: 'insert' | 'delete' | 'replace'; at: number; ch: string };
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const),
  at: fc.nat(),
  ch: anyChar,
});

export function mutate(text: string, muts: readonly Mutation[]): string {
  let t = text;
  for (const m of muts) {
    if (m.op === 'insert') {
      const at = m.at % (t.length + 1);
      t = t.slice(0, at) + m.ch + t.slice(at);
    } else if (t.length > 0) {
      const at = m.at % t.length;
      t = t.slice(0, at) + (m.op === 'replace' ? m.ch : '') + t.slice(at + 1);
    }
  }
  return t;
}

/** Case SQL with 1–3 single-character mutations. */
export const mutatedCase = fc.tuple(caseSql, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([sql, muts]) => mutate(sql, muts));

/**
 * Mutations that often keep a statement parseable: whitespace, comments and case changes at
 * random places, plus the raw single-character ones.
 */
export const gentleMutation: fc.Arbitrary<(t: string) => string> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\t', '\r\n', '/* é😀 */', '-- é😀\n', '  ')).map(([at, s]) => (t: string) => {
    const k = at % (t.length + 1);
    return t.slice(0, k) + s + t.slice(k);
  }),
  fc.nat().map((at) => (t: string) => {
    if (t.length === 0) return t;
    const k = at % t.length;
    const c = t[k];
    const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
    return t.slice(0, k) + flipped + t.slice(k + 1);
  }),
  mutation.map((m) => (t: string) => mutate(t, [m])),
);
export const gentlyMutatedCase = fc.tuple(caseSql, fc.array(gentleMutation, { minLength: 1, maxLength: 3 })).map(([sql, fs]) => fs.reduce((t, f) => f(t), sql));

// Plausible SQL around the Neon Auth tables: statements the rules care about, with random trivia.

export const authTable = fc.constantFrom(
  'neon_auth.users_sync',
  '"neon_auth"."users_sync"',
  'NEON_AUTH.USERS_SYNC',
  'neon_identity.users_sync',
  'neon_auth."user"',
  'neon_auth . users_sync',
);
export const otherTable = fc.constantFrom('posts', 'comments', 'todos', 'public.posts');
/**
 * Alias placeholders `«n»` (style n: 0 plain, 1 `AS`, 2 quoted, 3 upper case, 4 none), replaced by
 * `assignAliases` with distinct names: per FROM list (nested queries may then reuse an outer name,
 * as Postgres allows) or per statement (every name declared once).
 */
export const aliasStyle = fc.constantFrom('«0»', '«0»', '«1»', '«2»', '«3»', '«4»');
export const ALIAS_NAMES = ['u', 'p', 'c', 't', 's', 'l', 'x', 'y'];

/** Replaces the alias placeholders left in `sql` by distinct names: `names`, then the same with a number. */
export function assignAliases(sql: string, names: readonly string[]): string {
  let k = 0;
  return sql.replace(/«(\d)»/g, (_m, style: string) => {
    const first = k === 0;
    const name = names[k % names.length] + (k >= names.length ? String(Math.floor(k / names.length) + 1) : '');
    k++;
    if (style === '1') return `AS ${name}`;
    if (style === '2') return `"${name}"`;
    if (style === '3') return name.toUpperCase();
    if (style === '4' && first) return '';
    return name;
  });
}

export const column = fc.constantFrom(
  'u.id',
  'u.deleted_at',
  'p.author_id',
  'p.id',
  't.user_id',
  'deleted_at',
  'id',
  'u.name',
  'users_sync.id',
  'neon_auth.users_sync.deleted_at',
  'U.DELETED_AT',
  '"u".deleted_at',
  'u."deleted_at"',
  'c.author_id',
  's.id',
);
export const value = fc.constantFrom("'x'", "E'O\\'B'", '$1', ':v', ":'v'", '$$é$$', '$t$ ; $t$', '42', 'now()', "'😀'", 'NULL', "'a;b'");
export const atom = fc.oneof(
  fc.tuple(column, fc.constantFrom('=', '<>', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM'), fc.oneof(column, value)).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(column, fc.constantFrom('IS NULL', 'IS NOT NULL', 'is null')).map(([a, b]) => `${a} ${b}`),
  fc.constantFrom('p.published', 'true', 'u.deleted_at IS NULL', 'deleted_at IS NULL', 'u.id = p.author_id', 'p.author_id = u.id', "u.email LIKE '%@x'"),
  // conditions that end in a quote or a parenthesis: the next token may follow with no space
  fc.constantFrom(
    'u.id = p."author_id"',
    '(u.id = p.author_id)',
    'p."published"',
    "u.email = 'x'",
    'lower(u.id) = lower(p.author_id)',
    '"u".deleted_at IS NULL',
  ),
);
export const joinKind = fc.constantFrom('JOIN', 'INNER JOIN', 'inner join', 'LEFT JOIN', 'LEFT OUTER JOIN', 'RIGHT JOIN', 'FULL JOIN');
export const selectList = fc.constantFrom('*', 'u.id', 'p.title, u.name', 'count(*)', 'u.email, u.deleted_at', "u.name || ' (' || u.id || ')'", '1');
export const selectTail = fc.constantFrom('', '', 'ORDER BY p.title', 'LIMIT 10', 'GROUP BY u.id', 'ORDER BY 1 DESC LIMIT 5', 'FOR UPDATE');

/**
 * Queries: SELECT with joins, subqueries, LATERAL, EXISTS and IN. `scoped`: aliases are assigned
 * per FROM list, so a nested query may reuse an outer name; otherwise they are left as
 * placeholders for the statement to assign once.
 */
export function queryGrammar(scoped: boolean) {
  return fc.letrec<{ cond: string; fromItem: string; join: string; select: string }>((tie) => ({
    cond: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'sql' },
      atom,
      fc.tuple(tie('cond'), fc.constantFrom('AND', 'OR', 'and'), tie('cond')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('cond').map((c) => `NOT (${c})`),
      tie('cond').map((c) => `(${c})`),
      tie('select').map((q) => `EXISTS (${q})`),
      fc.tuple(column, tie('select')).map(([c, q]) => `${c} IN (${q})`),
    ),
    fromItem: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'sql' },
      fc.tuple(fc.oneof(authTable, authTable, otherTable), aliasStyle).map(([t, a]) => `${t} ${a}`),
      tie('select').map((q) => `(${q}) «0»`),
      tie('select').map((q) => `LATERAL (${q}) «1»`),
    ),
    join: fc.oneof(
      fc.tuple(joinKind, tie('fromItem'), tie('cond')).map(([k, f, c]) => `${k} ${f} ON ${c}`),
      // NATURAL JOIN is rare: pgsql-ast-parser rejects it (a parse-error finding, no rule checked)
      fc
        .tuple(fc.constantFrom('CROSS JOIN', 'CROSS JOIN', ',', ',', ',', 'NATURAL JOIN'), tie('fromItem'))
        .map(([k, f]) => (k === ',' ? `, ${f}` : `${k} ${f}`)),
      fc.tuple(joinKind, tie('fromItem')).map(([k, f]) => `${k} ${f} USING (id)`),
    ),
    select: fc.tuple(selectList, tie('fromItem'), fc.array(tie('join'), { maxLength: 2 }), fc.option(tie('cond')), selectTail).map(([l, f, js, w, tail]) => {
      const from = [f, ...js].join(' ');
      // scoped: every FROM list names its items u, p, c, … so nested queries often reuse `u`
      return ['SELECT', l, 'FROM', scoped ? assignAliases(from, ALIAS_NAMES) : from, w === null ? '' : `WHERE ${w}`, tail].filter((x) => x !== '').join(' ');
    }),
  }));
}

export const onDelete = fc.constantFrom(
  '',
  '',
  'ON DELETE CASCADE',
  'ON DELETE SET NULL',
  'ON DELETE NO ACTION',
  'ON DELETE RESTRICT',
  'on delete cascade',
  'ON DELETE SET NULL (user_id)',
);
export const onUpdate = fc.constantFrom('', '', 'ON UPDATE CASCADE');
export const refTail = fc.constantFrom('', '', 'DEFERRABLE INITIALLY DEFERRED', 'MATCH FULL', 'NOT DEFERRABLE');
export const authRef = fc.constantFrom(
  'REFERENCES neon_auth.users_sync(id)',
  'REFERENCES neon_auth.users_sync (id)',
  'REFERENCES neon_auth.users_sync',
  'REFERENCES "neon_auth"."users_sync"("id")',
  'REFERENCES neon_auth."user"(id)',
  'REFERENCES NEON_AUTH.USERS_SYNC(ID)',
  'REFERENCES posts(id)',
);
export const actions = fc.tuple(onDelete, onUpdate, fc.boolean()).map(([d, u, swap]) => (swap ? `${u} ${d}` : `${d} ${u}`));
export const columnDef = fc
  .tuple(
    fc.constantFrom('user_id', 'author_id', '"Owner"'),
    fc.constantFrom('text', 'uuid', 'TEXT'),
    fc.constantFrom('', 'NOT NULL', 'UNIQUE', 'PRIMARY KEY'),
    authRef,
    actions,
    refTail,
  )
  .map((xs) => xs.join(' '));
export const tableConstraint = fc
  .tuple(fc.constantFrom('', 'CONSTRAINT fk '), fc.constantFrom('user_id', 'author_id'), authRef, actions, refTail)
  .map(([c, k, r, a, t]) => `${c}FOREIGN KEY (${k}) ${r} ${a} ${t}`);
export const createTable = fc
  .tuple(
    fc.constantFrom('CREATE TABLE', 'create table', 'CREATE TABLE IF NOT EXISTS', 'CREATE UNLOGGED TABLE'),
    fc.constantFrom('t', 'todos', '"Notes"', 'public.t'),
    fc.array(fc.oneof(columnDef, columnDef, tableConstraint), { minLength: 1, maxLength: 3 }),
  )
  .map(([c, name, defs]) => `${c} ${name} (id serial PRIMARY KEY, user_id text, author_id text, ${defs.join(', ')})`);
export const alterTable = fc.oneof(
  columnDef.map((d) => `ALTER TABLE todos ADD COLUMN ${d.replace(/^(user_id|author_id)/, 'owner_id')}`),
  fc
    .tuple(authRef, actions, fc.constantFrom('', 'NOT VALID'))
    .map(([r, a, v]) => `ALTER TABLE todos ADD CONSTRAINT todos_fk FOREIGN KEY (user_id) ${r} ${a} ${v}`),
);
/** Statements: queries (with `scoped` as in `queryGrammar`), UPDATE … FROM, DELETE … USING, CREATE TABLE, ALTER TABLE. */
export function statementGrammar(scoped: boolean): fc.Arbitrary<string> {
  const q = queryGrammar(scoped);
  // unscoped: every placeholder of the statement gets its own name (`p` is the UPDATE/DELETE target)
  const done = (sql: string): string =>
    scoped
      ? sql
      : assignAliases(
          sql,
          ALIAS_NAMES.filter((n) => n !== 'p'),
        );
  const target = (f: string): string => (scoped ? assignAliases(f, ['u', 'c', 's']) : f);
  return fc.oneof(
    q.select.map(done),
    q.select.map(done),
    fc.tuple(q.select, q.select).map(([a, b]) => done(`WITH cte AS (${a}) ${b}`)),
    q.select.map((x) => done(`CREATE VIEW v AS ${x}`)),
    q.select.map((x) => done(`INSERT INTO todos (task, user_id) ${x}`)),
    fc.tuple(q.fromItem, q.cond).map(([f, c]) => done(`UPDATE posts p SET title = 'x' FROM ${target(f)} WHERE ${c}`)),
    fc.tuple(q.fromItem, q.cond).map(([f, c]) => done(`DELETE FROM posts p USING ${target(f)} WHERE ${c}`)),
    createTable,
    alterTable,
  );
}
/** Statements where a nested query may reuse an outer name (legal: the inner declaration shadows the outer one). */
export const scopedStatement = statementGrammar(true);
/** Statements where every table name and alias is declared once. */
export const uniqueNamesStatement = statementGrammar(false);
/**
 * A statement inside a DO block or a routine body (checked like top-level SQL): drizzle-kit's
 * `DO $$ BEGIN … EXCEPTION … END $$`, IF … THEN, RETURN QUERY, LANGUAGE sql bodies, and the
 * PL/pgSQL forms that embed a query (FOR … IN … LOOP, PERFORM, `n := (…)`, `IF EXISTS (…)`, INTO).
 */
export function inBody(st: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const wrappers: Array<(x: string) => string> = [
    (x) => `DO $body$ BEGIN ${x}; END $body$`,
    (x) => `DO $body$ BEGIN ${x}; EXCEPTION WHEN duplicate_object THEN null; END $body$`,
    (x) => `DO $body$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class) THEN ${x}; END IF; END $body$`,
    (x) => `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN ${x}; END $body$`,
    (x) => `CREATE OR REPLACE FUNCTION f() RETURNS SETOF record LANGUAGE plpgsql AS $body$ BEGIN RETURN QUERY ${x}; END $body$`,
    (x) => `CREATE FUNCTION f() RETURNS SETOF record LANGUAGE sql AS $body$ ${x}; $body$`,
    (x) => `DO $body$ BEGIN ${x}; ${x}; END $body$`,
    // PL/pgSQL forms around a query: FOR … IN … LOOP, PERFORM, := (…), IF EXISTS (…), INTO [STRICT]
    (x) => `DO $body$ DECLARE r record; BEGIN FOR r IN ${x} LOOP RAISE NOTICE '%', r; END LOOP; END $body$`,
    (x) => `DO $body$ BEGIN ${/^select\b/i.test(x) ? `PERFORM${x.slice(6)}` : x}; END $body$`,
    (x) => `DO $body$ DECLARE n bigint; BEGIN n := (${x}); IF EXISTS (${x}) THEN n := 1; END IF; END $body$`,
    (x) => `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ DECLARE v record; BEGIN ${x} INTO STRICT v; END $body$`,
  ];
  // the body's own trivia (the outer pass leaves dollar-quoted bodies alone)
  const bodyTrivia = fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 8 });
  return fc
    .tuple(st, bodyTrivia, fc.integer({ min: 0, max: wrappers.length - 1 }))
    .map(([x, ch, w]) => wrappers[w](retrivia(x.replace(/ +/g, ' ').trim(), ch)));
}
export const statement = fc.oneof(
  { arbitrary: scopedStatement, weight: 4 },
  { arbitrary: uniqueNamesStatement, weight: 4 },
  { arbitrary: inBody(fc.oneof(scopedStatement, uniqueNamesStatement)), weight: 2 },
);

/** Replaces the whitespace between tokens by random trivia (cycling through `choices`); strings and comments are untouched. */
export function retrivia(sql: string, choices: readonly number[]): string {
  const TRIVIA = [' ', ' ', ' ', '\n', '\n  ', '\t', ' /* é😀 */ ', ' -- 😀\n', '\r\n  ', '  '];
  let k = 0;
  return tokenize(sql)
    .map((t) => (t.kind === 'whitespace' ? TRIVIA[choices[k++ % choices.length] % TRIVIA.length] : sql.slice(t.start, t.end)))
    .join('');
}
export const trivia = fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 8 });

/** One generated statement with random trivia. */
export const withTrivia = (st: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.tuple(st, trivia).map(([s, ch]) => retrivia(s.replace(/ +/g, ' ').trim(), ch));
export const plausibleStatement = withTrivia(statement);
/** 1–4 generated statements joined by `;` and a line break, with random trivia. */
export const plausibleFile = fc
  .tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.constantFrom(';\n', ';\r\n', ';', ';\n\n', '; -- 😀\n'), fc.boolean(), trivia)
  .map(([ss, sep, last, ch]) => retrivia(ss.map((s) => s.replace(/ +/g, ' ').trim()).join(sep), ch) + (last ? ';\n' : ''));

export const crlf = (t: string): string => t.replace(/\r?\n/g, '\r\n');

/** Every line break (`\n`) replaced by `\n`, `\r\n` or `\r`, cycling through `choices`. */
export function mixedLineEnds(t: string, choices: readonly number[]): string {
  let k = 0;
  return t.replace(/\n/g, () => ['\n', '\r\n', '\r'][choices[k++ % choices.length] % 3]);
}
