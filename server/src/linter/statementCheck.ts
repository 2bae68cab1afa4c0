/**
 * Checking one statement, for `lint` (`engine.ts`): its tokens and parse made on demand, once per
 * lint (`StatementSource`: the document index keeps no tokens), and the active rules run on its
 * semantic model (`StatementChecker`). Whether a statement is checked at all, and what is kept
 * between lints, is decided in `engine.ts` and `statementResults.ts`.
 */
import { AuthUsage } from './generation';
import { StatementInfo } from './documentIndex';
import { buildModel, lexicalModel, StatementModel } from './model';
import { ParseOutcome, parseStatement } from './parse';
import { routineBodyStatements } from './bodies';
import { findingRejection, Report, reportedFinding, RuleContext } from './rules/rule';
import { ruleModules } from './rules/registry';
import { Statement } from './statements';
import { StatementCheck, StatementRef } from './statementResults';
import { FileTables } from './tableDefs';
import { routineSearchPath } from './searchPath';
import { tokenize } from './lexer';
import { SigTokens } from './tokens';
import { Finding, LintOptions, RejectedStatement } from './types';

/** Per routine statement: its own `SET search_path` clause (`routineSearchPath`; null: none). */
const routinePaths = new WeakMap<StatementInfo, string[] | 'current' | null>();

/**
 * How an unqualified Neon Auth user table name (`users_sync`, `"user"`) resolves at statement `k`
 * of `refs` (see `FileTables.authSchema`): a top-level statement through the file's search path
 * there; a routine body's statement through its routine's own `SET search_path` clause (`FROM
 * CURRENT`: the file's path where the routine is created), and not at all without one (it runs
 * with its caller's path). Undefined when nothing resolves there.
 */
export function authSchemaResolver(
  refs: readonly StatementRef[],
  source: Pick<StatementSource, 'tokensOf'>,
  tables: Pick<FileTables, 'authSchema'>,
  k: number,
): ((name: string) => string | undefined) | undefined {
  const r = refs[k];
  if (r.parent === undefined) return (name) => tables.authSchema(name, r.start);
  const routine = refs[r.parent];
  let path = routinePaths.get(routine.info);
  if (path === undefined) {
    path = routineSearchPath(source.tokensOf(r.parent).sig) ?? null;
    routinePaths.set(routine.info, path);
  }
  if (path === null) return undefined;
  if (path === 'current') return (name) => tables.authSchema(name, routine.start);
  const given = path;
  return (name) => tables.authSchema(name, r.start, given);
}

/** Rule id of the information finding for a relevant statement that no parser accepted. */
export const PARSE_ERROR_ID = 'parse-error';

/** A statement's tokens, as a `Statement` and as significant tokens. */
export interface MadeStatement {
  stmt: Statement;
  sig: SigTokens;
}

/**
 * The statements of one lint (`refs`, in document order) with their tokens and parses, each made
 * the first time it is asked for; counts the statements parsed (`LintResult.parsed`).
 */
export class StatementSource {
  private readonly made = new Map<number, MadeStatement>();
  /** Per routine (its position in `refs`): the statements of its bodies. */
  private readonly bodies = new Map<number, Statement[]>();
  private readonly parses = new Map<Statement, ParseOutcome>();
  /** The index's facts of the statements handed out by `statement` (what `parse` counts). */
  private readonly infoOf = new Map<Statement, StatementInfo>();
  /** What `LintResult.parsed` counts. */
  private readonly parsedInfos = new Set<StatementInfo>();
  /** While `recordParses` runs: the statements parsed meanwhile. */
  private parsedNow: StatementInfo[] | undefined;

  constructor(
    private readonly text: string,
    private readonly refs: readonly StatementRef[],
  ) {}

  /** The tokens of statement `k` (a routine body's statement: from its routine's body). */
  tokensOf(k: number): MadeStatement {
    let m = this.made.get(k);
    if (m) return m;
    const r = this.refs[k];
    let stmt: Statement | undefined;
    if (r.parent === undefined) stmt = { start: r.start, end: r.end, tokens: tokenize(this.text, r.start, r.end) };
    else {
      let inBody = this.bodies.get(r.parent);
      if (!inBody) {
        inBody = routineBodyStatements(this.text, [this.tokensOf(r.parent).stmt]);
        this.bodies.set(r.parent, inBody);
      }
      stmt = inBody.find((s) => s.start === r.start && s.end === r.end) ?? { start: r.start, end: r.end, tokens: [] };
    }
    m = { stmt, sig: new SigTokens(stmt.tokens) };
    this.made.set(k, m);
    return m;
  }

  /** `tokensOf(k)`, for a check or a table fact: parsing it then counts as parsing statement `k`. */
  statement(k: number): MadeStatement {
    const m = this.tokensOf(k);
    this.infoOf.set(m.stmt, this.refs[k].info);
    return m;
  }

  /** Parses a statement (see `parseStatement`), once per lint. */
  readonly parse = (s: Statement): ParseOutcome => {
    const info = this.infoOf.get(s);
    if (info) {
      this.parsedInfos.add(info);
      this.parsedNow?.push(info);
    }
    let p = this.parses.get(s);
    if (!p) {
      p = parseStatement(this.text, s);
      this.parses.set(s, p);
    }
    return p;
  };

  /** Runs `work`, returning what it gave and the statements it parsed (see `statement`). Throws what `work` throws. */
  recordParses<T>(work: () => T): { value: T; parsed: StatementInfo[] } {
    const parsed: StatementInfo[] = [];
    this.parsedNow = parsed;
    try {
      return { value: work(), parsed };
    } finally {
      this.parsedNow = undefined;
    }
  }

  /** Counts statements parsed by an earlier lint whose check is reused. */
  countParsed(infos: readonly StatementInfo[]): void {
    for (const info of infos) this.parsedInfos.add(info);
  }

  /** How many statements were parsed for this lint (`LintResult.parsed`). */
  get parsedCount(): number {
    return this.parsedInfos.size;
  }
}

/** The rules a lint with `options` runs (those not `off`), each with its severity and whether the options set it (a rule's own `Report.severity` then yields). */
function activeRules(options: LintOptions) {
  return ruleModules
    .map((rule) => ({ rule, setting: options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity, configured: options.rules?.[rule.meta.id] !== undefined }))
    .filter((r) => r.setting !== 'off');
}

/** Checks relevant statements of one lint: parses each, builds its model and runs the active rules on it. */
export class StatementChecker {
  private readonly active: ReturnType<typeof activeRules>;

  constructor(
    private readonly text: string,
    private readonly options: LintOptions,
    private readonly auth: AuthUsage,
    private readonly source: StatementSource,
    private readonly refs: readonly StatementRef[],
    /** Whether the file separates statements with drizzle-kit breakpoints (fixes keep them: see `RuleContext`). */
    private readonly statementBreakpoints: boolean,
  ) {
    this.active = activeRules(options);
  }

  /**
   * Checks relevant statement `k`, its table facts asked of `tables`: its findings, and its parse
   * error when no parser accepted it (then only the `lexical` rules run). Throws only on an
   * internal error of the model or a parser (a rule's error skips that rule).
   */
  check(k: number, tables: FileTables): StatementCheck {
    const out: Finding[] = [];
    const { stmt: statement, sig } = this.source.statement(k);
    if (sig.list.length === 0) return { findings: out };
    const inRoutineBody = this.refs[k].parent !== undefined;
    const outcome = this.source.parse(statement);
    // An unqualified Neon Auth table name, through the search path the file set before the statement;
    // in a routine body, through the routine's own `SET search_path` clause only (else its caller's path).
    const authSchemaOf = authSchemaResolver(this.refs, this.source, tables, k);
    if (!outcome.ok) {
      const rejection: RejectedStatement = { start: statement.start, end: statement.end, errorOffset: outcome.errorOffset, message: outcome.message };
      // `rules: { "parse-error": "off" | <severity> }` hides it or changes its severity, like a rule's.
      const parseErrorSetting = this.options.rules?.[PARSE_ERROR_ID] ?? 'info';
      if (this.options.reportParseErrors !== false && parseErrorSetting !== 'off') {
        const at = outcome.errorOffset !== undefined ? sig.list[Math.min(sig.indexContaining(outcome.errorOffset), sig.list.length - 1)] : sig.list[0];
        out.push({
          ruleId: PARSE_ERROR_ID,
          severity: parseErrorSetting,
          message: `Neon Auth rules that need a parsed statement were not checked on this one: the parser rejected it (${outcome.message}).`,
          start: at.start,
          end: at.end,
          fixes: [],
        });
      }
      this.runRules(statement, inRoutineBody, sig, lexicalModel(sig, tables.lookup(statement.start), authSchemaOf), false, out, tables);
      return { findings: out, rejected: rejection };
    }
    let model;
    try {
      model = buildModel(outcome.ast, outcome.toDoc, this.text, sig, tables.lookup(statement.start), this.options.hostNames, authSchemaOf);
    } catch {
      return { findings: out }; // an AST shape the model does not know: skip this statement, keep the others
    }
    this.runRules(statement, inRoutineBody, sig, model, true, out, tables);
    return { findings: out };
  }

  /** Runs the active rules on one statement (only `lexical` rules when it did not parse), into `into`. */
  private runRules(
    statement: Statement,
    inRoutineBody: boolean,
    sig: SigTokens,
    model: StatementModel,
    parsed: boolean,
    into: Finding[],
    tables: FileTables,
  ): void {
    for (const { rule, setting, configured } of this.active) {
      if (setting === 'off' || (!parsed && !rule.lexical)) continue;
      const local: Finding[] = [];
      const ctx: RuleContext = {
        text: this.text,
        statement,
        inRoutineBody,
        statementBreakpoints: this.statementBreakpoints,
        sig,
        model,
        parsed,
        auth: this.auth,
        tables,
        dump: this.options.priorSchema?.dump === true,
        later: this.options.priorSchema?.later,
        prismaDriverAdapter: this.options.prismaDriverAdapter === true,
        report: (r: Report) =>
          local.push({
            ruleId: rule.meta.id,
            severity: configured ? setting : (r.severity ?? setting),
            ...reportedFinding(rule.meta.messages, r),
            ...findingRejection(rule.meta, r),
          }),
      };
      try {
        rule.check(ctx);
        into.push(...local);
      } catch {
        // a rule bug must not take the file's other findings with it
      }
    }
  }
}
