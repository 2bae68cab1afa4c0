/**
 * The queries of an app that break once it runs on the current Neon Auth: each SQL file and each
 * TypeScript/JavaScript file (its embedded SQL, as the linter reads it) is linted as written for the
 * current generation (`authSchema: 'current'`), with the tables as the migration plan leaves them
 * (each moved column `uuid`, referencing `neon_auth."user"(id)`), and the findings of the rules in
 * `BREAKING_RULES` become report items with their file and line. Shared by the CLI
 * (`neon-auth-lint migrate`) and the language server (the editor command).
 */
import * as fs from 'fs';
import * as path from 'path';
import { collectFiles } from '../cli/files';
import { isIgnored, LoadedConfig } from '../config/config';
import { decodeText, readRegularFile } from '../fileText';
import { hostLanguageOfPath, LineIndex, lint, LintOptions, PriorSchema, RuleSetting } from '../linter';
import type { TableDef } from '../linter/model';
import { HostModules } from '../workspace/hostModules';
import type { PlannedColumn, PlanReportItem } from './plan';

/**
 * The rules whose findings, with `authSchema: 'current'` and the moved columns as `uuid`, are SQL
 * that fails after the switch:
 * - `match-auth-schema`: a reference to `neon_auth.users_sync` (no longer synced, and its text id no
 *   longer compares with the moved uuid columns: 42883);
 * - `no-unknown-auth-column`: a column `neon_auth."user"` does not have (`deleted_at`, `raw_json`,
 *   an unquoted camelCase name: 42703), in queries already half moved;
 * - `match-auth-uid-type`: a moved column compared with `auth.user_id()` (text) or a text column
 *   with `auth.uid()` (42883);
 * - `match-user-id-comparison`: a user id compared with a value of the other id type (42883); not
 *   when the id is `users_sync`'s (the `match-auth-schema` finding on it says what to do);
 * - `match-user-id-type`: a foreign key whose column type no longer matches the id it references
 *   (42804); not when it references `users_sync` (a mismatch with its text id is no news of the
 *   switch, and its advice, `text`, is the legacy generation's).
 * Left out: advice that holds for either generation or only for the legacy one (`prefer-left-join`,
 * `require-deleted-at-filter`, `require-on-delete`, …): a query they report runs after the switch;
 * and any finding but `match-auth-schema` that the query has today too (`breakingQueries`' `before`).
 */
export const BREAKING_RULES = ['match-auth-schema', 'no-unknown-auth-column', 'match-auth-uid-type', 'match-user-id-comparison', 'match-user-id-type'] as const;

/** The first line of the plan's SQL (a file that starts with it is a plan, not app SQL: not listed). */
export const PLAN_HEADER = '-- Move this app from the legacy Neon Auth';

/** The largest file read, in bytes (as the CLI's default `--max-file-size`). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The lint options: the breaking rules at severity `warning` (whatever the file's settings say), every other rule off. */
function breakingOptions(language: string | undefined, prior: PriorSchema | undefined): LintOptions {
  const rules: Record<string, RuleSetting> = {};
  for (const id of BREAKING_RULES) rules[id] = 'warning';
  return {
    rules,
    authSchema: 'current',
    reportParseErrors: false,
    ...(language === undefined ? {} : { language }),
    ...(prior === undefined ? {} : { priorSchema: prior }),
  };
}

/**
 * The tables after the plan runs: `tables` (keyed `schema.name`, as the migration fold gives them)
 * with each of `columns` made `uuid NOT NULL|NULL REFERENCES neon_auth."user"(id)` with its new
 * action. Other tables are the same objects.
 */
export function tablesAfterPlan(tables: ReadonlyMap<string, TableDef>, columns: readonly PlannedColumn[]): Map<string, TableDef> {
  const out = new Map(tables);
  for (const c of columns) {
    const key = `${c.schema}.${c.table}`;
    const def = out.get(key);
    if (!def) continue;
    out.set(key, {
      ...def,
      columns: def.columns.map((col) =>
        col.name === c.column
          ? {
              name: col.name,
              type: 'uuid',
              notNull: col.notNull,
              references: [{ schema: 'neon_auth', name: 'user', column: 'id', onDelete: c.newAction, constraint: c.newConstraint }],
            }
          : col,
      ),
    });
  }
  return out;
}

/** A file to look through: its path as reports name it, its text, and its language (undefined: SQL). */
export interface QueryFile {
  path: string;
  text: string;
  language?: string;
  /** Drizzle tables and relations it reaches in the workspace (see `HostModules`), for a host file. */
  workspace?: Pick<LintOptions, 'workspaceImports' | 'workspaceRelations'>;
}

/**
 * The report items (severity `warning`, `rule` set, 1-based `line` and `column`) for the queries of `files` that
 * break after the switch, in file order then position. `tables` are the tables after the plan
 * (`tablesAfterPlan`); `before`, when given, the tables as they are now: a finding other than
 * `match-auth-schema` that the same lint gives with them is left out (the query fails today too:
 * the switch does not break it). A file that starts with `PLAN_HEADER` is skipped. Pure; never throws (a
 * file the linter cannot read gives nothing).
 */
export function breakingQueries(files: readonly QueryFile[], tables?: ReadonlyMap<string, TableDef>, before?: ReadonlyMap<string, TableDef>): PlanReportItem[] {
  const prior: PriorSchema | undefined = tables && tables.size > 0 ? { tables, key: 'plan', generation: 'current' } : undefined;
  const today: PriorSchema | undefined = before && before.size > 0 ? { tables: before, key: 'today', generation: 'current' } : undefined;
  const items: PlanReportItem[] = [];
  for (const f of files) {
    if (f.text.startsWith(PLAN_HEADER)) continue;
    let findings;
    try {
      findings = lint(f.text, { ...breakingOptions(f.language, prior), ...(f.workspace ?? {}) }).findings;
      // A finding the same lint gives with today's tables is a query that fails before the switch as
      // after it (a text column keyed to neon_auth."user".id, deleted_at on neon_auth."user"): not
      // one the switch breaks. A reference to users_sync (match-auth-schema) is, whatever the tables.
      if (before !== undefined && findings.some((x) => x.ruleId !== 'match-auth-schema')) {
        const key = (x: { ruleId: string; start: number; end: number; messageId?: string }) =>
          `${x.ruleId}\u0000${x.start}\u0000${x.end}\u0000${x.messageId ?? ''}`;
        const old = new Set(lint(f.text, { ...breakingOptions(f.language, today), ...(f.workspace ?? {}) }).findings.map(key));
        findings = findings.filter((x) => x.ruleId === 'match-auth-schema' || !old.has(key(x)));
      }
    } catch {
      continue;
    }
    const lines = new LineIndex(f.text);
    for (const finding of findings) {
      const at = lines.positionAt(finding.start);
      if (!(BREAKING_RULES as readonly string[]).includes(finding.ruleId)) continue;
      // A comparison with a users_sync id: the reference itself is what breaks (match-auth-schema
      // reports it, pointing to neon_auth."user"); the comparison's own advice (cast) would mislead.
      if (finding.ruleId === 'match-user-id-comparison' && Object.values(finding.data ?? {}).some((v) => String(v).includes('users_sync'))) continue;
      // A key whose type does not match users_sync's text id (a uuid() column referencing
      // usersSync.id) is wrong before the switch as after it, and its advice (declare it text) is
      // the legacy one: not a query the switch breaks. The reference to users_sync is, and
      // match-auth-schema reports it (in Drizzle, on the usersSync import).
      if (finding.ruleId === 'match-user-id-type' && String(finding.data?.target ?? '').includes('users_sync')) continue;
      items.push({
        severity: 'warning',
        rule: finding.ruleId,
        // The plan sets the generation, not the user's settings: their mention would mislead.
        message: `${finding.ruleId}: ${finding.message.replace(/ \(Setting neonAuth\.authSchema [^)]*\)$/, '')}`,
        file: f.path,
        line: at.line + 1,
        column: at.character + 1,
      });
    }
  }
  return items;
}

/** How `findBreakingQueries` reads the workspace. */
export interface QuerySearch {
  /** Paths in reports are relative to this folder (absolute when outside it), with `/`. */
  cwd: string;
  /** The `.neon-auth.json` whose `ignore` globs apply. */
  config?: LoadedConfig;
  /** The tables as they are before the plan (see `breakingQueries`' `before`). */
  before?: ReadonlyMap<string, TableDef>;
  /** Files not to list (absolute paths): the migration sets' own files, which are history. */
  exclude?: ReadonlySet<string>;
  /** The editor's text of a file when it is open (it replaces the disk). */
  openText?: (absolute: string) => string | undefined;
  /** Asked between files; true stops the search (what was found so far is returned). */
  shouldStop?: () => boolean;
  /** Awaited between files, before `shouldStop` is asked (the language server lets its pending messages in there); default one `setImmediate` turn. */
  pause?: () => Promise<void>;
}

/**
 * `breakingQueries` for the SQL, TypeScript and JavaScript files under `roots` (searched as the
 * CLI searches folders: `collectFiles`), minus `exclude`, files the config ignores, files larger
 * than 5 MB and unreadable ones. Async only to let the caller's event loop run between files.
 */
export async function findBreakingQueries(
  roots: readonly string[],
  tables: ReadonlyMap<string, TableDef> | undefined,
  search: QuerySearch,
): Promise<PlanReportItem[]> {
  const openText = search.openText ?? (() => undefined);
  const read = (file: string): string | undefined => {
    const open = openText(file);
    if (open !== undefined) return open;
    try {
      const r = readRegularFile(file, MAX_FILE_BYTES);
      return r.bytes === undefined ? undefined : decodeText(r.bytes).text;
    } catch {
      return undefined;
    }
  };
  const hostModules = new HostModules(read);
  const existing = roots.map((r) => path.resolve(search.cwd, r)).filter((r) => fs.existsSync(r));
  const items: PlanReportItem[] = [];
  const pause = search.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  for (const file of collectFiles(existing).files) {
    await pause();
    if (search.shouldStop?.()) break;
    const abs = path.resolve(file);
    if (search.exclude?.has(abs) || isIgnored(search.config, abs)) continue;
    const text = read(abs);
    if (text === undefined) continue;
    const language = hostLanguageOfPath(abs);
    const rel = path.relative(search.cwd, abs);
    const name = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
    const workspace = language === undefined ? undefined : hostModules.workspaceOf(abs, text);
    items.push(...breakingQueries([{ path: name, text, language, workspace }], tables, search.before));
  }
  return items;
}
