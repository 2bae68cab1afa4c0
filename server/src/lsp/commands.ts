/**
 * The server's `workspace/executeCommand` commands (declared in `executeCommandProvider`, so any
 * LSP client can run them):
 * - `neonAuth.applyAllFixes` `{ uri, version, unsafe? }`: applies the safe fixes of an open document
 *   (with `unsafe: true`, each finding's preferred suggestion too, as the CLI's `--unsafe-fixes`)
 *   through one `workspace/applyEdit`: one undo step; an unsound result is refused as by the CLI;
 * - `neonAuth.checkWorkspaceFiles`: checks every `*.sql` file of the workspace folders (see
 *   `workspaceCheck.ts`);
 * - `neonAuth.planMigrationToCurrent` `[{ folders? }]`: the SQL and report of the move to the
 *   current Neon Auth (see `migrationPlan.ts`);
 * - `neonAuth.snippetsFor` `{ uri }`: the snippets written for the document's Neon Auth generation
 *   (`SnippetsResult`; the client's Insert Foreign Key inserts one of them).
 * Their ids differ from the VS Code client's commands (`neonAuth.fixAll`, `neonAuth.checkWorkspace`):
 * vscode-languageclient registers the server's commands itself, and two registrations of one id fail.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { diffLines } from 'diff';
import { FixAllResult, TextEdit as CoreTextEdit } from '../linter';

import type { AuthGeneration } from '../linter/catalog';
import { APPLY_ALL_FIXES_COMMAND, CHECK_WORKSPACE_COMMAND, PLAN_MIGRATION_COMMAND, SNIPPETS_COMMAND } from '../../../shared/protocol';

export { APPLY_ALL_FIXES_COMMAND, CHECK_WORKSPACE_COMMAND, PLAN_MIGRATION_COMMAND, SNIPPETS_COMMAND };
export const SERVER_COMMANDS = [APPLY_ALL_FIXES_COMMAND, CHECK_WORKSPACE_COMMAND, PLAN_MIGRATION_COMMAND, SNIPPETS_COMMAND] as const;

/** What `neonAuth.snippetsFor { uri }` answers. */
export interface SnippetsResult {
  /**
   * The generation the snippets are written for: `neonAuth.authSchema` / `.neon-auth.json` when set
   * to `legacy` or `current`; with `auto`, the one the document (or its migration set) uses, else
   * the one new Neon projects get (`current`).
   */
  generation: AuthGeneration;
  /** The snippets of that generation, in snippets/neon-auth.json order. */
  snippets: {
    prefix: string;
    /** The snippet's name in the file. */
    name: string;
    /** In VS Code snippet syntax (tab stops). */
    body: string;
    /** The SQL the body gives with its default values. */
    rendered: string;
    description?: string;
  }[];
}

/** The argument of `neonAuth.applyAllFixes`: the document, the version the fixes are for, and whether suggestions are applied too. */
export interface ApplyAllFixesArgs {
  uri: string;
  version: number;
  /** Apply preferred suggestions too, not only safe fixes (default false). */
  unsafe?: boolean;
}

/** What `neonAuth.applyAllFixes` answers. */
export interface ApplyAllFixesResult {
  /**
   * `applied`: the edit was applied; `unchanged`: nothing to fix; `stale`: the document is at another
   * version than requested (nothing applied); `notOpen`: the server does not have the document open;
   * `disabled`: `neonAuth.enable` is false or the document is ignored; `rejected`: the client did not
   * apply the edit; `unsound`: the fixes did not settle or a statement would stop parsing (nothing
   * applied; `reason` says which). A cancelled request is answered with the error `RequestCancelled`
   * (-32800) instead, nothing applied.
   */
  status: 'applied' | 'unchanged' | 'stale' | 'notOpen' | 'disabled' | 'rejected' | 'unsound';
  /** Number of fixes in the edit. */
  fixes: number;
  /** Findings whose preferred fix is a suggestion that was not applied (always 0 with `unsafe`). */
  suggestionsLeft?: number;
  /** Why an `unsound` result was refused. */
  reason?: string;
}

/** The `{ uri, version }` argument of `neonAuth.applyAllFixes`, validated; undefined when malformed. */
export function readApplyAllFixesArgs(args: readonly unknown[] | undefined): ApplyAllFixesArgs | undefined {
  const a = args?.[0] as { uri?: unknown; version?: unknown; unsafe?: unknown } | null | undefined;
  if (a === null || typeof a !== 'object' || typeof a.uri !== 'string' || !Number.isInteger(a.version)) return undefined;
  if (a.unsafe !== undefined && typeof a.unsafe !== 'boolean') return undefined;
  return { uri: a.uri, version: a.version as number, unsafe: a.unsafe === true };
}

/**
 * setImmediate turns that let the messages read meanwhile be handled: vscode-jsonrpc takes one turn
 * to decode a message read from the transport (a `$/cancelRequest` cancels its token right then),
 * one more to dispatch a request and one more to write the answer; one turn alone would resume our
 * work before the decoding turn that the same read queued behind it.
 */
const TURNS_PER_YIELD = 4;

/** Lets the event loop run until the input pending now has been handled (see `TURNS_PER_YIELD`). */
export async function yieldToEventLoop(): Promise<void> {
  for (let i = 0; i < TURNS_PER_YIELD; i++) await nextTurn();
}

/**
 * Runs the passes of `fixAllPasses` to the end while letting the event loop run in between
 * (`yieldToEventLoop`): before the first lint, between passes and after the last one, so requests
 * and a `$/cancelRequest` that arrived meanwhile are handled. `isCancelled` is asked after each
 * yield; when it answers true the work stops and the answer is undefined (nothing of it is to be
 * used). `onPass(n)` is told before pass `n` (1-based) starts. A pass itself (a lint of the whole
 * changed text) is not interrupted.
 */
export async function runFixPasses(
  passes: Generator<FixAllResult, FixAllResult, void>,
  isCancelled: () => boolean,
  onPass?: (pass: number) => void,
): Promise<FixAllResult | undefined> {
  for (let pass = 1; ; pass++) {
    await yieldToEventLoop();
    if (isCancelled()) return undefined; // the generator is dropped: no further pass runs
    const step = passes.next();
    if (step.done) {
      await yieldToEventLoop();
      return isCancelled() ? undefined : step.value;
    }
    onPass?.(pass);
  }
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** How long `minimalEdits` lets the line diff run (milliseconds) before it settles for `minimalEdit`. */
const LINE_DIFF_TIMEOUT_MS = 250;

/**
 * The edits (offsets into `before`, in order, not overlapping) that turn `before` into `after`: one
 * per run of changed lines (a line diff, jsdiff's `diffLines`, of the lines between the texts'
 * common first and last lines), each narrowed to the characters that differ (`minimalEdit` of the
 * run). What a fix-all sends, as ESLint's editor integration does: the editor keeps the cursor,
 * folding and markers on every line the fixes did not change, also between two fixes far apart.
 * No edit reaches outside the lines `minimalEdit`'s one edit touches. When the diff takes longer
 * than `LINE_DIFF_TIMEOUT_MS` (huge texts with many changes), that one edit. Empty when equal.
 */
export function minimalEdits(before: string, after: string): CoreTextEdit[] {
  if (before === after) return [];
  const one = minimalEdit(before, after);
  // The lines around the one edit, common to both texts: from the start of its first line, to
  // after the first line end in the common text after it.
  const from = one.start === 0 ? 0 : before.lastIndexOf('\n', one.start - 1) + 1; // (lastIndexOf at -1 would look at 0)
  const nl = before.indexOf('\n', one.end);
  const tail = nl < 0 ? 0 : before.length - (nl + 1); // length of the common text after the lines
  const afterEnd = after.length - tail;
  const changes = diffLines(before.slice(from, before.length - tail), after.slice(from, afterEnd), { timeout: LINE_DIFF_TIMEOUT_MS });
  if (changes === undefined) return [one];
  const edits: CoreTextEdit[] = [];
  let at = from; // offset in `before` of the next change's text
  for (let i = 0; i < changes.length;) {
    if (!changes[i].added && !changes[i].removed) {
      at += changes[i].value.length;
      i++;
      continue;
    }
    // a run of removed and added lines, replaced as one
    let removed = '';
    let added = '';
    for (; i < changes.length && (changes[i].added || changes[i].removed); i++) {
      if (changes[i].removed) removed += changes[i].value;
      else added += changes[i].value;
    }
    const e = minimalEdit(removed, added);
    edits.push({ start: at + e.start, end: at + e.end, newText: e.newText });
    at += removed.length;
  }
  return edits;
}

/**
 * The one edit (offsets into `before`) that turns `before` into `after`, keeping their common
 * prefix and suffix untouched (so the editor keeps the cursor, folding and markers outside it). Its
 * ends never split a surrogate pair or a `\r\n`.
 */
export function minimalEdit(before: string, after: string): CoreTextEdit {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // never cut between the halves of a surrogate pair or of a CRLF
  const splits = (text: string, at: number): boolean =>
    at > 0 &&
    at < text.length &&
    ((isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at))) || (text[at - 1] === '\r' && text[at] === '\n'));
  while (prefix > 0 && (splits(before, prefix) || splits(after, prefix))) prefix--;
  while (suffix > 0 && (splits(before, before.length - suffix) || splits(after, after.length - suffix))) suffix--;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}
