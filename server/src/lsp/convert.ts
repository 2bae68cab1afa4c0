import { Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver/node';
import { Finding, Fix, PositionConverter, Severity, TextEdit as CoreTextEdit, getRule } from '../linter';

/** `Diagnostic.source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = 'neon-auth';

/** A core `Fix` with its edits converted to LSP ranges. */
export interface LspFix {
  title: string;
  isPreferred: boolean;
  safe: boolean;
  edits: TextEdit[];
}

/** What `Diagnostic.data` carries, so code actions need no server state. */
export interface DiagnosticData {
  /** The document version the diagnostic (and its fix ranges) belong to. */
  version: number;
  fixes: LspFix[];
  /** The finding's message id (a key of its rule's messages, e.g. `innerJoin`), for clients that group or filter by it; absent on notices. */
  messageId?: string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(index: PositionConverter, start: number, end: number): Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}

/** A core edit (UTF-16 offsets) as an LSP TextEdit (0-based line/character). */
export function toLspEdit(index: PositionConverter, edit: CoreTextEdit): TextEdit {
  return { range: toRange(index, edit.start, edit.end), newText: edit.newText };
}

export function toLspFix(index: PositionConverter, fix: Fix): LspFix {
  return {
    title: fix.title,
    isPreferred: fix.isPreferred,
    safe: fix.safe,
    edits: fix.edits.map((e) => toLspEdit(index, e)),
  };
}

/**
 * A finding as an LSP Diagnostic. `relatedUri` turns a `RelatedInformation.path` (as the server
 * named the file when it folded the migration set) into a document URI; without it (or when the
 * client does not support related information) none is sent.
 */
export function toDiagnostic(index: PositionConverter, finding: Finding, version: number, relatedUri?: (path: string) => string): Diagnostic {
  const rule = getRule(finding.ruleId);
  const data: DiagnosticData = {
    version,
    fixes: finding.fixes.map((f) => toLspFix(index, f)),
    ...(finding.messageId === undefined ? {} : { messageId: finding.messageId }),
  };
  const diagnostic: Diagnostic = {
    range: toRange(index, finding.start, finding.end),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (rule) diagnostic.codeDescription = { href: rule.docsUrl };
  if (finding.related && finding.related.length > 0 && relatedUri) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: {
        uri: relatedUri(r.path),
        range: { start: { line: r.line, character: r.character }, end: { line: r.endLine, character: r.endCharacter } },
      },
      message: r.message,
    }));
  }
  return diagnostic;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether a value is an LSP range of whole line/character numbers (`Range.is` alone lets `1.5` through). */
export function isRange(r: unknown): r is Range {
  return (
    Range.is(r) && Number.isInteger(r.start.line) && Number.isInteger(r.start.character) && Number.isInteger(r.end.line) && Number.isInteger(r.end.character)
  );
}

/**
 * Whether a value a client sent is a well-formed `Diagnostic` (`Diagnostic.is`, with a range of
 * whole numbers). `Diagnostic.is` reads a property of anything not undefined: null is refused first.
 */
export function isDiagnostic(d: unknown): d is Diagnostic {
  return typeof d === 'object' && d !== null && Diagnostic.is(d) && isRange(d.range);
}

/**
 * `Diagnostic.data` as echoed back by a client, validated (it crosses the wire twice and a
 * client may rewrite it). Undefined when it is not this server's shape.
 */
export function readDiagnosticData(data: unknown): DiagnosticData | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const o = data as { version?: unknown; fixes?: unknown; messageId?: unknown };
  if (!Number.isInteger(o.version) || !Array.isArray(o.fixes)) return undefined;
  const fixes: LspFix[] = [];
  for (const f of o.fixes as unknown[]) {
    const fix = f as Partial<LspFix> | null;
    if (fix === null || typeof fix !== 'object' || typeof fix.title !== 'string' || !Array.isArray(fix.edits)) return undefined;
    const edits: TextEdit[] = [];
    for (const e of fix.edits as unknown[]) {
      // One malformed edit makes the whole data unusable (a fix without one of its edits would lie): the caller re-lints.
      if (!TextEdit.is(e) || !isRange(e.range)) return undefined;
      edits.push({ range: e.range, newText: e.newText });
    }
    fixes.push({ title: fix.title, isPreferred: fix.isPreferred === true, safe: fix.safe === true, edits });
  }
  return { version: o.version as number, fixes, ...(typeof o.messageId === 'string' ? { messageId: o.messageId } : {}) };
}
