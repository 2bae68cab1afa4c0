import { Statement } from '../statements';
import { StatementModel } from '../model';
import { SigTokens } from '../tokens';
import { Fix, RuleMeta } from '../types';

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface Report {
  message: string;
  /** UTF-16 document offsets, end exclusive. */
  start: number;
  end: number;
  fixes: Fix[];
}

/** Everything a rule may look at for one parsed statement. */
export interface RuleContext {
  /** The whole document text. */
  text: string;
  statement: Statement;
  sig: SigTokens;
  model: StatementModel;
  report(r: Report): void;
}

/** A rule: its metadata and a check over one statement's semantic model. */
export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** Base URL of the rules' documentation (each rule's README in the repository). */
export const RULE_DOCS_BASE = 'https://github.com/neon-auth-sql/neon-auth-sql/blob/main/server/src/linter/rules/';

/** The documentation URL of a rule id: its README. */
export function docsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}/README.md`;
}
