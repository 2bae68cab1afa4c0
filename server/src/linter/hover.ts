import { AuthColumn, AuthTable, resolveAuthTable } from './catalog';
import { suppressibleIds } from './completion';
import { isTrivia, Token, tokenize } from './lexer';
import { splitStatements } from './statements';
import { commentAt, Directive, directiveAt } from './suppressions';
import { SigTokens } from './tokens';
import { originLabel, priorTable } from './history';
import { ColumnDef, TableDef } from './model';
import { FileRange, PriorSchema } from './types';
import { sqlIdent } from './sqlText';

/** Markdown hover content for a range of the document (UTF-16 offsets, end exclusive). */
export interface Hover {
  start: number;
  end: number;
  markdown: string;
}

const SOURCE = '_Source: Neon docs (Neon Auth: how it works, best practices) and `pg_dump` of Neon databases._';

/** What each referential action does to the referencing rows, per the Postgres docs (CREATE TABLE, REFERENCES). */
const ACTIONS: Record<string, string> = {
  cascade:
    '**CASCADE**: deleting (or updating) the referenced user also deletes (or updates) the rows that reference it. Right for personal data: todos, preferences, sessions.',
  'set null':
    '**SET NULL**: the referencing columns are set to NULL and the rows stay. Right for content that should outlive its author (posts, comments). The column must be nullable, or the first delete fails with SQLSTATE 23502.',
  'set default': '**SET DEFAULT**: the referencing columns are set to their default; a row must exist for that default, or the delete fails.',
  restrict: '**RESTRICT**: deleting a referenced user fails immediately (SQLSTATE 23503) while rows reference it; unlike NO ACTION it cannot be deferred.',
  'no action':
    '**NO ACTION** (the default when no ON DELETE clause is written): deleting a referenced user fails (SQLSTATE 23503) while rows reference it, checked at the end of the statement (or transaction, when deferred).',
};

/**
 * A table's hover: what it is, then its columns on one wrapped line (`name type[ NOT NULL][,
 * generated]`), so that the hover stays within the editor's hover box (VS Code's is about 250 px
 * high) without a scroll bar; hovering a column gives its details.
 */
function tableHover(t: AuthTable): string {
  const columns = t.columns.map((c) => `\`${quoteIfNeeded(c.name)}\` ${shortType(c.type)}${c.notNull ? ' NOT NULL' : ''}${c.generated ? ' (generated)' : ''}`);
  return [
    `**${t.display}** (${t.generation === 'legacy' ? 'legacy Neon Auth' : 'current Neon Auth'})`,
    '',
    t.summary,
    '',
    `**Columns**: ${columns.join(' · ')}`,
    '',
    SOURCE,
  ].join('\n');
}

/** The short spelling Postgres also accepts for a type name (`timestamptz`), for compact lists. */
function shortType(type: string): string {
  return type === 'timestamp with time zone' ? 'timestamptz' : type;
}

function columnHover(t: AuthTable, c: AuthColumn): string {
  const facts = [`\`${c.type}\``, c.notNull ? 'NOT NULL' : 'nullable'];
  if (c.generated) facts.push('generated: cannot be written (SQLSTATE 428C9)');
  const extra: string[] = [];
  if (t.generation === 'legacy' && c.name === 'deleted_at') extra.push('Users are soft-deleted: filter `deleted_at IS NULL` to hide them.');
  if (t.generation === 'legacy' && c.name === 'id')
    extra.push(
      'Foreign keys to it need a `text` column; `uuid` is rejected (SQLSTATE 42804). The row appears about a second after sign-up (asynchronous sync).',
    );
  if (t.generation === 'current' && c.name === 'id') extra.push('Foreign keys to it need a `uuid` column; `text` is rejected (SQLSTATE 42804).');
  return [`**${t.display}.${quoteIfNeeded(c.name)}**: ${facts.join(', ')}`, '', `Filled: ${c.filledBy}.`, ...extra.map((e) => `\n${e}`), '', SOURCE].join('\n');
}

function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

const isName = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'quotedIdent');

const SCOPE_SENTENCE: Record<Directive['scope'], string> = {
  next: 'This comment silences the rules it names on what follows it: the rest of the statement it is in, or the next statement when it stands between statements.',
  line: 'This comment silences the rules it names on its own line (it follows code).',
  file: 'This comment silences the rules it names in the whole file.',
};

/** The hover of a suppression comment's keyword: its syntax and what this one covers. */
function suppressionKeywordHover(d: Directive): string {
  return [
    `**${d.scope === 'file' ? 'neon-auth-ignore-file' : 'neon-auth-ignore'}**: ${SCOPE_SENTENCE[d.scope]}`,
    '',
    '```sql',
    '-- neon-auth-ignore <rule-id>[, <rule-id>]: <reason>',
    '-- neon-auth-ignore-file <rule-id>[, <rule-id>]: <reason>',
    '```',
    '',
    '- `neon-auth-ignore` on a line of its own: the rest of the statement it is in (from the comment on), or the next statement; after code on the same line: that line only.',
    '- `neon-auth-ignore-file`: the whole file.',
    '',
    'At least one rule id is required; the reason is optional but recommended. `/* … */` comments work the same way. An id that silences nothing, or is unknown, is reported as `unused-ignore` (not the id of a rule your settings turn off: the comment may be needed where it is on), and so is an id named again in the same comment.',
  ].join('\n');
}

/** The hover of a rule id in a suppression comment: its description, default severity and documentation. */
function suppressedIdHover(id: string): string | undefined {
  const known = suppressibleIds().find((x) => x.id === id);
  if (!known) return undefined;
  const lines = [`**${known.id}** (default severity: ${known.defaultSeverity})`, '', known.description];
  if (known.docsUrl) lines.push('', `[Documentation](${known.docsUrl})`);
  return lines.join('\n');
}

/** Hover inside a suppression comment: on its keyword or on one of its known rule ids. */
function suppressionHoverAt(text: string, tokens: readonly Token[], offset: number): Hover | null {
  const d = directiveAt(text, tokens, offset);
  if (!d) return null;
  if (offset >= d.keywordStart && offset <= d.keywordEnd) return { start: d.keywordStart, end: d.keywordEnd, markdown: suppressionKeywordHover(d) };
  const id = d.ids.find((x) => x.start <= offset && offset <= x.end && x.end <= d.listEnd);
  const markdown = id && suppressedIdHover(id.id);
  return id && markdown ? { start: id.start, end: id.end, markdown } : null;
}

/**
 * Hover for the token at `offset` (UTF-16): the Neon Auth user tables, their columns (through the
 * table name or an alias declared in the same statement), referential actions after
 * `ON DELETE`/`ON UPDATE`, and in `neon-auth-ignore` comments the keyword (its syntax) and each
 * rule id (description, default severity, documentation link). Null when there is nothing to say.
 * `tokens`: the text's tokens, or those around `offset` (`DocumentLinter.tokensAround`); the whole
 * text is lexed when omitted. `authSchemaOf`: the Neon Auth schema an unqualified `users_sync` or
 * `"user"` means at the hovered statement through the file's search path (`FileTables.authSchema`,
 * from `DocumentLinter.authSchemaAt`); without it only schema-qualified names are the Neon Auth
 * tables. Never throws; works offline.
 */
export function hoverAt(
  text: string,
  offset: number,
  tokens: readonly Token[] = tokenize(text),
  history?: HoverHistory,
  authSchemaOf?: (name: string) => string | undefined,
): Hover | null {
  try {
    if (commentAt(tokens, offset)) return suppressionHoverAt(text, tokens, offset);
    // a neon-auth-ignore comment in a DO block or routine body
    if (tokens.some((t) => t.kind === 'dollarString' && t.start < offset && offset < t.end)) return suppressionHoverAt(text, tokens, offset);
    const stmt = splitStatements(tokens).find((s) => s.start <= offset && offset <= s.end);
    if (!stmt) return null;
    const sig = new SigTokens(stmt.tokens.filter((t) => !isTrivia(t)));
    const i = sig.indexContaining(offset);
    const tok = sig.list[i];
    if (!tok || tok.start > offset) return null;

    // Referential actions: ON DELETE|UPDATE CASCADE | SET NULL | SET DEFAULT | RESTRICT | NO ACTION
    const action = actionAt(sig, i);
    if (action) return action;
    if (!isName(tok)) return null;
    // (a CTE of the statement with that name is what the name means there, as the lint's model has it)
    const ctes = cteNames(sig);
    const unqualified = (t: Token): AuthTable | undefined => (ctes.has(t.value) ? undefined : unqualifiedAuthTable(t, authSchemaOf));

    // schema.table
    if (sig.isPunct(i - 1, '.') && isName(sig.list[i - 2])) {
      const table = resolveAuthTable(sig.list[i - 2].value, tok.value);
      if (table && !sig.isPunct(i - 3, '.')) return { start: sig.list[i - 2].start, end: tok.end, markdown: tableHover(table) };
      // qualifier.column, where the qualifier is an alias or the table's name
      const owner = qualifierTable(sig, i - 2, unqualified);
      const col = owner?.columns.find((c) => c.name === tok.value);
      if (owner && col) return { start: tok.start, end: tok.end, markdown: columnHover(owner, col) };
    }
    if (sig.isPunct(i + 1, '.') && isName(sig.list[i + 2])) {
      const table = resolveAuthTable(tok.value, sig.list[i + 2].value);
      if (table) return { start: tok.start, end: sig.list[i + 2].end, markdown: tableHover(table) };
    }
    // an unqualified name the search path resolves to a Neon Auth table (also as a column's qualifier: `users_sync.email`)
    if (!sig.isPunct(i - 1, '.')) {
      const table = unqualified(tok);
      if (table) return { start: tok.start, end: tok.end, markdown: tableHover(table) };
    }
    return history ? foldedHover(sig, i, history) : null;
  } catch {
    return null;
  }
}

/** For a file of a migration set: the state its earlier files leave, and how a place in them is linked. */
export interface HoverHistory {
  prior: PriorSchema;
  /** A markdown link target for a place in another file of the set (e.g. a `file:` URI with `#L<line>`); undefined: no link. */
  linkOf?: (at: FileRange) => string | undefined;
}

/**
 * Hover on a table or column an earlier migration of the set defined: its folded definition, each
 * fact with where it was written (`drizzle/0000_init.sql:3`). Columns are found as `table.column`,
 * in `ALTER TABLE t … column`, in `REFERENCES t (column)` and `ON t (column)`.
 */
function foldedHover(sig: SigTokens, i: number, history: HoverHistory): Hover | null {
  const tok = sig.list[i];
  const place = (at: FileRange | undefined): string => {
    if (!at) return '';
    const label = originLabel(at);
    const link = history.linkOf?.(at);
    return link ? ` ([${label}](${link}))` : ` (${label})`;
  };
  const tableAt = (k: number): { def: TableDef; start: number } | undefined => {
    if (!isName(sig.list[k]) || sig.isPunct(k + 1, '.')) return undefined;
    const qualified = sig.isPunct(k - 1, '.') && isName(sig.list[k - 2]);
    const def = priorTable(history.prior, qualified ? sig.list[k - 2].value : undefined, sig.list[k].value);
    return def ? { def, start: qualified ? sig.list[k - 2].start : sig.list[k].start } : undefined;
  };
  const columnLine = (c: ColumnDef, def: TableDef): string => {
    const facts = [`\`${c.origin?.typeWritten ?? c.type}\`${place(c.origin?.type)}`];
    if (def.primaryKey.includes(c.name)) facts.push(`primary key${place(c.origin?.notNull)}`);
    else if (c.notNull) facts.push(`NOT NULL${place(c.origin?.notNull)}`);
    if (c.origin?.default) facts.push(`default${place(c.origin.default)}`);
    for (const r of c.references ?? [])
      facts.push(
        `references \`${r.schema ? `${sqlIdent(r.schema)}.` : ''}${sqlIdent(r.name)}${r.column ? `(${sqlIdent(r.column)})` : ''}\` ON DELETE ${(r.onDelete ?? 'no action').toUpperCase()}${place(r.origin)}`,
      );
    return `- \`${sqlIdent(c.name)}\`: ${facts.join(', ')}`;
  };
  const heading = (def: TableDef) => `**${def.schema ? `${def.schema}.` : ''}${def.name}** as the earlier migrations of this set leave it`;

  const table = tableAt(i);
  if (table) {
    const lines = [heading(table.def), '', ...table.def.columns.map((c) => columnLine(c, table.def))];
    return { start: table.start, end: tok.end, markdown: lines.join('\n') };
  }
  // A column: `table.column`, or a name in a statement about one table (ALTER TABLE t, REFERENCES t (…), ON t (…)).
  let owner: TableDef | undefined;
  if (sig.isPunct(i - 1, '.')) owner = tableAt(i - 2)?.def;
  else {
    // inside `REFERENCES t (…)` or `ON t (…)`: that table's column
    let inList = false;
    for (let k = i - 1; k >= 1; k--) {
      if (sig.isPunct(k, ')') || sig.isPunct(k, ';')) break;
      if (!sig.isPunct(k, '(')) continue;
      const name = k - 1;
      const before = sig.isPunct(name - 1, '.') ? name - 3 : name - 1;
      if (sig.isWord(before, 'references', 'on')) {
        inList = true;
        owner = tableAt(name)?.def;
      }
      break;
    }
    // elsewhere in ALTER TABLE t …: t's column
    if (!inList && sig.isWord(0, 'alter') && sig.isWord(1, 'table')) {
      let k = 2;
      if (sig.isWord(k, 'if') && sig.isWord(k + 1, 'exists')) k += 2;
      if (sig.isWord(k, 'only')) k++;
      owner = tableAt(sig.isPunct(k + 1, '.') ? k + 2 : k)?.def;
    }
  }
  const column = owner?.columns.find((c) => c.name === tok.value);
  if (!owner || !column) return null;
  return { start: tok.start, end: tok.end, markdown: [heading(owner), '', columnLine(column, owner)].join('\n') };
}

/**
 * The Neon Auth table an unqualified name token means through the search path (`authSchemaOf`, see
 * `hoverAt`): `users_sync`, or `"user"` quoted (unquoted, `user` is the `USER` keyword).
 */
function unqualifiedAuthTable(t: Token, authSchemaOf: ((name: string) => string | undefined) | undefined): AuthTable | undefined {
  if (!authSchemaOf || (t.kind === 'word' && t.value === 'user')) return undefined;
  const schema = authSchemaOf(t.value);
  return schema === undefined ? undefined : resolveAuthTable(schema, t.value);
}

/**
 * The names a statement binds as common table expressions, from tokens: a name right after `WITH`,
 * `WITH RECURSIVE` or a `,`, followed by `AS [[NOT] MATERIALIZED] (` or by a column list and then
 * that (`WITH users_sync(id) AS (…)`). Any WITH of the statement counts, nested ones too.
 */
function cteNames(sig: SigTokens): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < sig.list.length; i++) {
    if (!isName(sig.list[i]) || !(sig.isWord(i - 1, 'with', 'recursive') || sig.isPunct(i - 1, ','))) continue;
    let k = i + 1;
    if (sig.isPunct(k, '(')) {
      const close = sig.matchingParen(k);
      if (close < 0) continue;
      k = close + 1;
    }
    if (!sig.isWord(k, 'as')) continue;
    k++;
    if (sig.isWord(k, 'not')) k++;
    if (sig.isWord(k, 'materialized')) k++;
    if (sig.isPunct(k, '(')) out.add(sig.list[i].value);
  }
  return out;
}

/**
 * The auth table a column qualifier at token `q` denotes: `schema.table.col`, `table.col` or
 * `alias.col`; `unqualified` tells the table an unqualified name means (see `unqualifiedAuthTable`).
 */
function qualifierTable(sig: SigTokens, q: number, unqualified: (t: Token) => AuthTable | undefined): AuthTable | undefined {
  const name = sig.list[q];
  if (sig.isPunct(q - 1, '.') && isName(sig.list[q - 2])) return resolveAuthTable(sig.list[q - 2].value, name.value);
  // the table's unqualified name
  const bare = unqualified(name);
  if (bare) return bare;
  // an alias: `<schema>.<table> [AS] <alias>` anywhere in the statement
  for (let j = 2; j < sig.list.length; j++) {
    if (!isName(sig.list[j]) || sig.list[j].value !== name.value || j === q) continue;
    let t = j - 1;
    if (sig.isWord(t, 'as')) t--;
    if (isName(sig.list[t]) && sig.isPunct(t - 1, '.') && isName(sig.list[t - 2])) {
      const table = resolveAuthTable(sig.list[t - 2].value, sig.list[t].value);
      if (table) return table;
    } else if (isName(sig.list[t]) && !sig.isPunct(t - 1, '.')) {
      const table = unqualified(sig.list[t]);
      if (table) return table;
    }
  }
  // a bare table name used as qualifier when the statement names the table unaliased
  for (let j = 2; j < sig.list.length; j++) {
    if (isName(sig.list[j]) && sig.list[j].value === name.value && sig.isPunct(j - 1, '.') && isName(sig.list[j - 2])) {
      const table = resolveAuthTable(sig.list[j - 2].value, name.value);
      if (table) return table;
    }
  }
  return undefined;
}

function actionAt(sig: SigTokens, i: number): Hover | null {
  // find the start of an action phrase that covers token i
  for (let s = Math.max(0, i - 1); s <= i; s++) {
    const w = sig.list[s];
    if (!w || w.kind !== 'word') continue;
    const onKw = sig.isWord(s - 2, 'on') && sig.isWord(s - 1, 'delete', 'update');
    if (!onKw) continue;
    let phrase: string | undefined;
    let end = w.end;
    if (w.value === 'cascade' || w.value === 'restrict') phrase = w.value;
    else if ((w.value === 'set' && sig.isWord(s + 1, 'null', 'default')) || (w.value === 'no' && sig.isWord(s + 1, 'action'))) {
      phrase = `${w.value} ${sig.list[s + 1].value}`;
      end = sig.list[s + 1].end;
    }
    if (phrase && sig.list[i].end <= end)
      return { start: w.start, end, markdown: `${ACTIONS[phrase]}\n\n_Source: PostgreSQL docs, CREATE TABLE (REFERENCES, referential actions)._` };
  }
  return null;
}
