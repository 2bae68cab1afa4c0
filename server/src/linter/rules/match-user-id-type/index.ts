import { isTrivia, tokenize } from '../../lexer';
import { keywordCase, spacedInsert } from '../../sqlText';
import { ColumnDef, ForeignKey } from '../../model';
import { Fix } from '../../types';
import { docsUrl, Rule } from '../rule';

const ID = 'match-user-id-type';

/**
 * String types Postgres accepts for a foreign key to a `text` key: each has an implicit cast to
 * `text` (measured on Postgres: `text`, `varchar(n)`, `char(n)`, `bpchar` and `name` columns can
 * reference `users_sync(id)`).
 */
const STRING_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'character varying', 'char', 'character', 'bpchar', 'name']);

/**
 * Built-in types that are neither strings nor `uuid`: no implicit cast to `text` or to `uuid`, so a
 * foreign key from them to either user id is rejected (SQLSTATE 42804). Other names (domains,
 * extension and user-defined types) are not judged.
 */
const OTHER_BUILTIN_TYPES: ReadonlySet<string> = new Set([
  'smallint', 'integer', 'int', 'int2', 'int4', 'int8', 'bigint', 'smallserial', 'serial', 'bigserial', 'serial2', 'serial4', 'serial8',
  'numeric', 'decimal', 'real', 'float', 'float4', 'float8', 'double precision', 'money', 'boolean', 'bool', 'bytea',
  'date', 'time', 'timetz', 'time with time zone', 'time without time zone', 'timestamp', 'timestamptz',
  'timestamp with time zone', 'timestamp without time zone', 'interval', 'json', 'jsonb', 'xml',
  'inet', 'cidr', 'macaddr', 'macaddr8', 'bit', 'bit varying', 'varbit', 'oid', 'tsvector', 'tsquery',
]);

/** A written type reduced to what decides compatibility: its base name and whether it is an array. */
interface WrittenType {
  /** Folded unless quoted, without the `pg_catalog.` qualifier, modifiers or array bounds: `character varying`. */
  name: string;
  array: boolean;
}

/**
 * Reads a type as written (`character varying(255)`, `timestamp(3) with time zone`, `uuid[]`,
 * `pg_catalog.uuid`, `"uuid"`). Undefined for a type qualified by another schema (not a built-in).
 */
function readType(written: string): WrittenType | undefined {
  const toks = tokenize(written).filter((t) => !isTrivia(t));
  let i = 0;
  if (toks[1]?.kind === 'punct' && toks[1].value === '.') {
    if (toks[0].value !== 'pg_catalog') return undefined;
    i = 2;
  }
  const words: string[] = [];
  let array = false;
  let depth = 0;
  for (; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth > 0) continue;
    else if ((t.kind === 'punct' && t.value === '[') || (t.kind === 'word' && t.value === 'array')) {
      array = true;
      break;
    } else if (t.kind === 'word' || t.kind === 'quotedIdent') words.push(t.value);
  }
  return { name: words.join(' '), array };
}

/**
 * `match-user-id-type`: the column of a foreign key to a Neon Auth user id must have a type
 * Postgres can compare with that id: `text` for the legacy `users_sync.id`, `uuid` for the current
 * `"user".id`. Anything else is rejected when the constraint is created (SQLSTATE 42804), e.g. the
 * `uuid` column of Neon's own best-practices page.
 */
export const matchUserIdType: Rule = {
  meta: {
    id: ID,
    description: 'A foreign key column that references a Neon Auth user id must be text (users_sync) or uuid ("user").',
    defaultSeverity: 'error',
    fix: 'safe',
    docsUrl: docsUrl(ID),
    overview: {
      reports: 'the column of a foreign key to `users_sync(id)` is not `text` (e.g. the best-practices page\'s `UUID`), or the column of a key to `neon_auth."user"(id)` is not `uuid`: Postgres rejects the key (42804). `varchar`/`char` to `users_sync` are accepted by Postgres and not reported',
      fixes: '`Change the column type to text` / `… to uuid` where the column is defined (safe)',
    },
  },
  check(ctx) {
    // One finding per column definition: several keys on one column share its type (and its fix).
    const byColumn = new Map<number, { col: ColumnDef; fks: ForeignKey[] }>();
    for (const fk of ctx.model.foreignKeys) {
      if (!fk.authTable || fk.columns.length !== 1) continue;
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) continue;
      const col = fk.column;
      if (!col || col.typeStart === undefined || col.typeEnd === undefined) continue;
      const entry = byColumn.get(col.typeStart) ?? { col, fks: [] };
      entry.fks.push(fk);
      byColumn.set(col.typeStart, entry);
    }
    for (const { col, fks } of byColumn.values()) {
      const typeStart = col.typeStart!;
      const typeEnd = col.typeEnd!;
      const written = ctx.text.slice(typeStart, typeEnd);
      const type = readType(written);
      if (!type) continue;
      const known = type.array || STRING_TYPES.has(type.name) || type.name === 'uuid' || OTHER_BUILTIN_TYPES.has(type.name);
      if (!known) continue;
      const accepted = (fk: ForeignKey): boolean => !type.array && (fk.authTable!.generation === 'legacy' ? STRING_TYPES.has(type.name) : type.name === 'uuid');
      const rejected = fks.find((fk) => !accepted(fk));
      if (!rejected) continue;
      const table = rejected.authTable!;
      const expected = table.generation === 'legacy' ? 'text' : 'uuid';
      const shown = written.replace(/\s+/g, ' ');
      const target = `${table.display}(id)`;
      if (type.array) {
        ctx.report({
          message: `Column ${col.name} is ${shown}, an array: a foreign key cannot reference ${target} (${expected}) from an array column, and Postgres rejects it (SQLSTATE 42804). Store one user per row (e.g. a join table with a ${expected} column).`,
          start: typeStart,
          end: typeEnd,
          fixes: [],
        });
        continue;
      }
      const other = fks.find((fk) => fk.authTable!.generation !== table.generation);
      if (other) {
        // No type matches both generations' ids: changing it would only move the error.
        ctx.report({
          message: `Column ${col.name} is ${shown} and references both ${target} (${expected}) and ${other.authTable!.display}(id) (${expected === 'text' ? 'uuid' : 'text'}): no type matches both, so Postgres rejects one of the foreign keys (SQLSTATE 42804). Reference one user table.`,
          start: typeStart,
          end: typeEnd,
          fixes: [],
        });
        continue;
      }
      // The user's keyword case, as written in the type itself; the statement's when mixed.
      const newType = /[a-z]/.test(written) === /[A-Z]/.test(written) ? keywordCase(ctx.sig, ctx.text)(expected) : /[A-Z]/.test(written) ? expected.toUpperCase() : expected;
      const fix: Fix = {
        title: `Change the column type to ${expected}`,
        isPreferred: true,
        // The statement cannot run as written, so correcting the type cannot change a working schema.
        safe: true,
        edits: [{ start: typeStart, end: typeEnd, newText: spacedInsert(ctx.text, typeEnd, newType) }],
      };
      ctx.report({
        message: `Column ${col.name} is ${shown}, but ${target} is ${expected}: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare the column ${expected}.`,
        start: typeStart,
        end: typeEnd,
        fixes: [fix],
      });
    }
  },
};
