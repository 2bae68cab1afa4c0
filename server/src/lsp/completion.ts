import type { CompletionItem, Range } from 'vscode-languageserver/node';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import { CompletionContext, SuppressionCompletion } from '../linter';
import type { AuthGeneration } from '../linter/catalog';

/** What a snippet inserts, decided from its body. */
export type SnippetShape = 'column' | 'query' | 'table';

/** One entry of a VS Code snippet file, flattened. */
export interface SnippetEntry {
  name: string;
  /** The first prefix (VS Code allows a list). */
  prefix: string;
  /** The body joined by newlines, in snippet syntax. */
  body: string;
  description?: string;
  shape?: SnippetShape;
  /** The Neon Auth generation the body is written for (its `"generation"`); undefined: both. */
  generation?: AuthGeneration;
}

const STATEMENT_KEYWORD = /^(?:SELECT|WITH|CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|GRANT|REVOKE|COMMENT|BEGIN|COMMIT|SET|TABLE|VALUES)\b/i;
const CREATE_TABLE = /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\b/i;
const QUERY = /^\(?\s*(?:SELECT|WITH)\b/i;
/** A column definition: a name (plain, quoted or a snippet placeholder) followed by a type name. */
const COLUMN_START = /^(?:\$\{\d+(?::[^}]*)?\}|\$\d+|"(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s+[A-Za-z"]/;

/** Classifies a snippet body (snippet syntax) by what it inserts. */
export function classifySnippet(body: string): SnippetShape | undefined {
  const text = body.trimStart();
  if (CREATE_TABLE.test(text)) return 'table';
  if (QUERY.test(text)) return 'query';
  if (!STATEMENT_KEYWORD.test(text) && COLUMN_START.test(text) && /\bREFERENCES\b/i.test(text)) return 'column';
  return undefined;
}

/**
 * Reads a VS Code snippet file (name → { prefix, body, description, generation? }, as
 * snippets/neon-auth.json); malformed entries are skipped, and a `generation` other than `legacy`
 * or `current` is read as none (the snippet is for both).
 */
export function loadSnippets(json: unknown): SnippetEntry[] {
  if (json === null || typeof json !== 'object') return [];
  const entries: SnippetEntry[] = [];
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const s = value as { prefix?: unknown; body?: unknown; description?: unknown; generation?: unknown };
    const prefix = Array.isArray(s.prefix) ? s.prefix.find((p) => typeof p === 'string') : s.prefix;
    const body = Array.isArray(s.body) ? (s.body.every((l) => typeof l === 'string') ? s.body.join('\n') : undefined) : s.body;
    if (typeof prefix !== 'string' || typeof body !== 'string') continue;
    entries.push({
      name,
      prefix,
      body,
      description: typeof s.description === 'string' ? s.description : undefined,
      shape: classifySnippet(body),
      generation: s.generation === 'legacy' || s.generation === 'current' ? s.generation : undefined,
    });
  }
  return entries;
}

/** A snippet body as the SQL it produces with the default placeholder values (for documentation). */
export function renderSnippet(body: string): string {
  let out = body;
  // innermost placeholders first, so nested ones (`${1:a ${2:b}}`) resolve
  for (let i = 0; i < 10; i++) {
    const next = out
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
    if (next === out) break;
    out = next;
  }
  return out.replace(/\\([$}\\])/g, '$1').replace(/\t/g, '  ');
}

/** The snippets written for `generation` (and those for both), in file order. */
export function snippetsFor(snippets: readonly SnippetEntry[], generation: AuthGeneration): SnippetEntry[] {
  return snippets.filter((s) => s.generation === undefined || s.generation === generation);
}

/** A completion offered right after `REFERENCES`: the user table with an ON DELETE action. */
export interface ReferenceTarget {
  /** What is inserted, e.g. `neon_auth.users_sync(id) ON DELETE CASCADE`. */
  text: string;
  /** One line: what the action does. */
  detail: string;
  /** Markdown: what the rows are for, from the snippet's description. */
  doc: string;
}

/**
 * The targets offered right after `REFERENCES`, taken from the column snippets of `generation`
 * (the text after their `REFERENCES`, tab stops removed), so they never differ from the snippets.
 */
export function referenceTargets(snippets: readonly SnippetEntry[], generation: AuthGeneration): ReferenceTarget[] {
  const out: ReferenceTarget[] = [];
  for (const s of snippetsFor(snippets, generation)) {
    if (s.shape !== 'column') continue;
    const match = /\bREFERENCES\s+([\s\S]*)$/i.exec(renderSnippet(s.body));
    if (!match) continue;
    const text = match[1].trim();
    const setNull = /\bON\s+DELETE\s+SET\s+NULL\b/i.test(text);
    out.push({
      text,
      detail: setNull ? 'Neon Auth user; the column becomes NULL when the user is deleted' : 'Neon Auth user; rows are deleted with the user',
      doc: s.description ?? '',
    });
  }
  return out;
}

function sqlBlock(sql: string): string {
  return '```sql\n' + sql + '\n```';
}

/**
 * Completion items for a cursor context. `replace` is the range of what the user already typed
 * of the completion (a single-line range ending at the cursor; empty when nothing was typed);
 * `generation`: the Neon Auth generation of the document (see `snippetGeneration` in server.ts),
 * whose snippets alone are offered.
 */
export function completionItemsFor(
  context: CompletionContext,
  snippets: readonly SnippetEntry[],
  replace: Range,
  generation: AuthGeneration,
): CompletionItem[] {
  if (context === 'references') {
    return referenceTargets(snippets, generation).map((t, i) => ({
      label: t.text,
      kind: CompletionItemKind.Snippet,
      detail: t.detail,
      documentation: { kind: MarkupKind.Markdown, value: `${t.doc}\n\n${sqlBlock(`REFERENCES ${t.text}`)}` },
      insertText: t.text,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: replace, newText: t.text },
      filterText: t.text,
      sortText: String(i),
    }));
  }
  const shapes: SnippetShape[] = context === 'columnDefinition' ? ['column'] : context === 'statementStart' ? ['query', 'table'] : [];
  return snippetsFor(snippets, generation)
    .filter((s) => s.shape !== undefined && shapes.includes(s.shape))
    .map((s, i) => ({
      label: s.prefix,
      kind: CompletionItemKind.Snippet,
      detail: s.name,
      documentation: {
        kind: MarkupKind.Markdown,
        value: (s.description ? `${s.description}\n\n` : '') + sqlBlock(renderSnippet(s.body)),
      },
      insertText: s.body,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: replace, newText: s.body },
      filterText: s.prefix,
      sortText: String(i),
    }));
}

/**
 * Completion items for the rule ids of a `neon-auth-ignore` comment: label the id, detail its
 * default severity, documentation its description and documentation link. `replace` is the part of
 * the id typed so far.
 */
export function suppressionItemsFor(completion: SuppressionCompletion, replace: Range): CompletionItem[] {
  return completion.items.map((x, i) => ({
    label: x.id,
    kind: CompletionItemKind.Value,
    detail: `default severity: ${x.defaultSeverity}`,
    documentation: { kind: MarkupKind.Markdown, value: x.docsUrl ? `${x.description}\n\n[Documentation](${x.docsUrl})` : x.description },
    insertText: x.id,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: replace, newText: x.id },
    filterText: x.id,
    sortText: String(i).padStart(2, '0'),
  }));
}
