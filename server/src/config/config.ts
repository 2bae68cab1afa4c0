/**
 * The repository configuration file `.neon-auth.json`, shared by the CLI and the language server:
 * found by walking up from a checked file, parsed as JSON with comments (jsonc-parser), validated
 * against the published JSON schema (`schemas/neon-auth.schema.json`, with ajv). A malformed file
 * yields problems with offsets into it and the defaults; nothing here throws.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import leven from 'leven';
import {
  createScanner,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  ParseError,
  ParseErrorCode,
  printParseErrorCode,
  SyntaxKind,
  Node as JsonNode,
} from 'jsonc-parser';
import schema from '../../../schemas/neon-auth.schema.json';
import { BoundedRead, readRegularFile } from '../fileText';
import { MAX_JSON_DEPTH, nestingBeyond } from '../jsonNesting';
import { closestRuleId, getRule, LintOptions, PARSE_ERROR_ID, RuleSetting, rules } from '../linter';
import { CompiledGlob, compileGlob } from './glob';
import { CONFIG_FILE_NAME } from './template';

export { CONFIG_FILE_NAME };

/** A validated configuration. */
export interface NeonAuthConfig {
  authSchema?: 'auto' | 'legacy' | 'current';
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  /** Globs of the project's migration history (see `workspace/migrations.ts`): replaces discovery under the config's folder. */
  migrations?: string[];
}

/** A problem in a configuration file: a message and the UTF-16 range it concerns. */
export interface ConfigProblem {
  message: string;
  start: number;
  end: number;
  /** `error`: the file was not used (defaults apply); `warning`: the file was used. */
  severity: 'error' | 'warning';
}

/** A configuration file as loaded. */
export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** The configuration to apply: the file's when valid, else empty (the defaults). */
  config: NeonAuthConfig;
  problems: ConfigProblem[];
  /** The file's text (for positions of problems). */
  text: string;
}

/** The schema's validator, compiled on first use: a run with no configuration file never loads ajv. */
let validator: ValidateFunction<NeonAuthConfig> | undefined;
function schemaValidator(): ValidateFunction<NeonAuthConfig> {
  if (!validator) {
    const Ajv = (require('ajv') as typeof import('ajv')).default; // eslint-disable-line @typescript-eslint/no-require-imports
    validator = new Ajv({ allErrors: true, strict: false }).compile<NeonAuthConfig>(schema);
  }
  return validator;
}

/** What each JSON syntax error means, in words (jsonc-parser's error codes). */
const SYNTAX_ERRORS: Record<ParseErrorCode, string> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected `:`',
  [ParseErrorCode.CommaExpected]: 'expected `,`',
  [ParseErrorCode.CloseBraceExpected]: 'expected `}`',
  [ParseErrorCode.CloseBracketExpected]: 'expected `]`',
  [ParseErrorCode.EndOfFileExpected]: 'expected the end of the file',
  [ParseErrorCode.InvalidCommentToken]: 'invalid comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape sequence',
  [ParseErrorCode.InvalidCharacter]: 'invalid character in a string',
};

/** Syntax errors that say a token is missing (`expected ,`): their place is the gap after the last token read. */
const MISSING_TOKEN = new Set<ParseErrorCode>([
  ParseErrorCode.CommaExpected,
  ParseErrorCode.ColonExpected,
  ParseErrorCode.CloseBraceExpected,
  ParseErrorCode.CloseBracketExpected,
]);

/**
 * Where a jsonc-parser syntax error is shown (UTF-16 offsets into `text`). jsonc-parser puts an error
 * at the token it found, so a missing token would be reported at whatever follows, often on a
 * later line (`"auto"⏎  "rules"` said `expected ,` at `"rules"`; a missing `}` at the end of the
 * file). A missing token (`MISSING_TOKEN`) is therefore shown as an empty range right after the
 * last token before the error, where it belongs (comments and whitespace skipped: jsonc-parser's
 * own scanner); any other error covers the token jsonc-parser names (at least one code unit, never
 * past the end of the text).
 */
function syntaxErrorRange(text: string, e: ParseError): { start: number; end: number } {
  if (MISSING_TOKEN.has(e.error)) {
    const scanner = createScanner(text, true);
    let previousEnd: number | undefined;
    while (scanner.scan() !== SyntaxKind.EOF && scanner.getTokenOffset() < e.offset) previousEnd = scanner.getTokenOffset() + scanner.getTokenLength();
    if (previousEnd !== undefined) return { start: previousEnd, end: previousEnd };
  }
  const start = Math.min(e.offset, text.length);
  return { start, end: Math.min(text.length, start + Math.max(1, e.length)) };
}

/** An ajv error in words: `"rules.x" must be one of "off", …`, `the file must be an object`. */
function describeSchemaError(err: ErrorObject, where: string, value: unknown): string {
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type': {
      const type = String(params.type);
      return `${where} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      // `"warn"` (ESLint's spelling) → `"warning"`: a prefix of one value, or one close to it.
      const near =
        typeof value === 'string' && value !== '' ? allowed.find((v) => typeof v === 'string' && (v.startsWith(value) || leven(v, value) <= 2)) : undefined;
      return `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${near !== undefined ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
    }
    case 'minLength':
      return `${where} must not be empty`;
    case 'uniqueItems':
      return `${where} lists the same value twice (entries ${Math.min(Number(params.i), Number(params.j)) + 1} and ${Math.max(Number(params.i), Number(params.j)) + 1})`;
    default:
      return `${where} ${err.message ?? 'is invalid'}`;
  }
}

/**
 * Parses and validates the text of a configuration file. Every problem is reported at once, in
 * document order: the first JSON syntax error; else each value the schema rejects (errors: the defaults
 * are used) and each unknown rule id, with the closest known one (warnings). Messages name the file
 * `shownAs`: by default its base name (`.neon-auth.json`: the editor shows them in the file itself);
 * the CLI passes a `--config` path as the user wrote it. A text nested deeper than `MAX_JSON_DEPTH`
 * levels is one error at the bracket that goes too deep, found before anything recursive reads it.
 * Never throws.
 */
export function parseConfig(file: string, text: string, shownAs: string = path.basename(file)): LoadedConfig {
  // Everything below recurses once per level (jsonc-parser, getNodeValue, JSON.stringify, ajv): a
  // file nested thousands of levels deep overflowed the stack, which crashed the CLI and left the
  // editor's files under it unchecked. It is refused first, at its bracket; the catch is a last resort.
  const refused = (message: string, start: number, end: number): LoadedConfig => ({
    file,
    config: {},
    problems: [{ message, start, end, severity: 'error' }],
    text,
  });
  const deep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (deep !== undefined) return refused(`${shownAs} is nested deeper than ${MAX_JSON_DEPTH} levels (defaults are used).`, deep, deep + 1);
  try {
    return parseShallowConfig(file, text, shownAs);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return refused(`${shownAs} could not be read: ${e.message} (defaults are used).`, 0, 0);
  }
}

/** `parseConfig` on a text `nestingBeyond` accepted. */
function parseShallowConfig(file: string, text: string, shownAs: string): LoadedConfig {
  const name = shownAs;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    // The first syntax error only: what jsonc-parser reports after it comes from its recovery.
    const problems: ConfigProblem[] = errors.slice(0, 1).map((e) => ({
      message: `${name} is not valid JSON: ${SYNTAX_ERRORS[e.error] ?? printParseErrorCode(e.error)} (defaults are used).`,
      ...syntaxErrorRange(text, e),
      severity: 'error',
    }));
    if (problems.length === 0) problems.push({ message: `${name} is empty (defaults are used).`, start: 0, end: 0, severity: 'error' });
    return { file, config: {}, problems, text };
  }
  // Plain objects (jsonc-parser builds null-prototype ones); JSON.parse makes `__proto__` an own key, not a prototype.
  const value: unknown = JSON.parse(JSON.stringify(getNodeValue(root)));
  const problems: ConfigProblem[] = [];
  const validate = schemaValidator();
  const valid = validate(value);
  if (!valid) {
    for (const err of validate.errors ?? []) {
      const segments = err.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const extra = err.keyword === 'additionalProperties' ? String((err.params as { additionalProperty?: string }).additionalProperty ?? '') : undefined;
      let node: JsonNode | undefined = findNodeAtLocation(
        root,
        segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      );
      if (extra && node) node = findNodeAtLocation(node, [extra])?.parent?.children?.[0] ?? node;
      const where = node ?? root;
      const path = `"${segments.join('.')}"`;
      const what = extra
        ? `unknown property "${extra}"${err.instancePath ? ` in ${path}` : ''}`
        : describeSchemaError(err, err.instancePath ? path : 'the file', node ? getNodeValue(node) : undefined);
      problems.push({ message: `${name}: ${what} (defaults are used).`, start: where.offset, end: where.offset + where.length, severity: 'error' });
    }
  }
  const ruleSettings = value !== null && typeof value === 'object' ? (value as { rules?: unknown }).rules : undefined;
  if (ruleSettings !== null && typeof ruleSettings === 'object' && !Array.isArray(ruleSettings)) {
    for (const id of Object.keys(ruleSettings)) {
      if (getRule(id) || id === PARSE_ERROR_ID) continue;
      const node = findNodeAtLocation(root, ['rules', id])?.parent?.children?.[0];
      const suggestion = closestRuleId(id, [...rules.map((r) => r.id), PARSE_ERROR_ID]);
      problems.push({
        message: `${name}: unknown rule id "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''} (ignored).`,
        start: node?.offset ?? 0,
        end: (node?.offset ?? 0) + (node?.length ?? 0),
        severity: 'warning',
      });
    }
  }
  const config: NeonAuthConfig = valid ? (value as NeonAuthConfig) : {};
  // Globs our matcher refuses (see glob.ts) are left out, each with a warning at its string.
  for (const key of ['ignore', 'migrations'] as const) {
    const globs = config[key];
    if (!globs) continue;
    const kept: string[] = [];
    globs.forEach((glob, i) => {
      const compiled = compileGlob(glob);
      if (compiled.ok) {
        kept.push(glob);
        return;
      }
      const node = findNodeAtLocation(root, [key, i]);
      problems.push({
        message: `${name}: the ${key === 'ignore' ? 'ignore' : 'migrations'} pattern ${JSON.stringify(glob)} is not used: ${compiled.reason}.`,
        start: node?.offset ?? 0,
        end: (node?.offset ?? 0) + (node?.length ?? 0),
        severity: 'warning',
      });
    });
    config[key] = kept;
  }
  problems.sort((a, b) => a.start - b.start);
  return { file, config, problems, text };
}

/** The largest configuration file read, in bytes (1 MB: a real one is a few hundred bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and parses a configuration file; one that cannot be read, is not a regular file (a FIFO,
 * `/dev/zero`) or is over `MAX_CONFIG_BYTES` is one `error` problem, and is never waited on or
 * read to its end. `shownAs`: how messages name the file (see `parseConfig`; a path with no file
 * is "no such file", not the system's error text, which repeats the absolute path). Never throws.
 */
export function loadConfig(file: string, shownAs: string = path.basename(file)): LoadedConfig {
  const unreadable = (why: string): LoadedConfig => ({
    file,
    config: {},
    problems: [{ message: `${shownAs} could not be read: ${why} (defaults are used).`, start: 0, end: 0, severity: 'error' }],
    text: '',
  });
  let read: BoundedRead;
  try {
    read = readRegularFile(file, MAX_CONFIG_BYTES);
  } catch (e) {
    return unreadable((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  if (read.bytes === undefined) return unreadable(`it is ${read.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit for a configuration file`);
  return parseConfig(file, read.bytes.toString('utf8').replace(/^\uFEFF/, ''), shownAs);
}

/**
 * The nearest `.neon-auth.json` in `dir` or a parent folder, stopping after `stopAt` (inclusive)
 * when given, else at the file-system root. Undefined when there is none.
 */
export function findConfigFile(dir: string, stopAt?: string): string | undefined {
  let current = path.resolve(dir);
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
    if (current === stop) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The `.neon-auth.json` that `file` (a configuration file) replaces for the files under its folder:
 * the nearest one above its folder, which applied there before and no longer does (the nearest
 * file applies alone; nothing is merged). Undefined when there is none. Said by `neon-auth-lint
 * init` and by the server's hint on the file (`lsp/workspaceConfig.ts`).
 */
export function replacedConfigFile(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  const parent = path.dirname(dir);
  return parent === dir ? undefined : findConfigFile(parent);
}

/**
 * Whether `file` matches one of the config's `ignore` globs (relative to the config file's folder;
 * see glob.ts: time bounded by pattern × path length, patterns it refuses match nothing).
 */
export function isIgnored(loaded: LoadedConfig | undefined, file: string): boolean {
  const globs = loaded?.config.ignore;
  if (!loaded || !globs || globs.length === 0) return false;
  const rel = path.relative(path.dirname(loaded.file), path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('../')) return false;
  return globs.some((glob) => {
    let compiled = compiledGlobs.get(glob);
    if (!compiled) compiledGlobs.set(glob, (compiled = compileGlob(glob)));
    return compiled.ok && compiled.match(rel);
  });
}

/**
 * The config's `migrations` globs as matchers of paths relative to its folder (see
 * `workspace/migrations.ts`, `DiscoveryInput.overrides`); undefined when it has none.
 */
export function migrationGlobs(loaded: LoadedConfig | undefined): { dir: string; globs: Array<(relative: string) => boolean> } | undefined {
  const globs = loaded?.config.migrations;
  if (!loaded || !globs || globs.length === 0) return undefined;
  const matchers: Array<(relative: string) => boolean> = [];
  for (const glob of globs) {
    let compiled = compiledGlobs.get(glob);
    if (!compiled) compiledGlobs.set(glob, (compiled = compileGlob(glob)));
    if (compiled.ok) matchers.push(compiled.match);
  }
  return { dir: path.dirname(loaded.file), globs: matchers };
}

/** Compiled `ignore` and `migrations` globs by pattern (few per workspace; a pattern's compilation never changes). */
const compiledGlobs = new Map<string, CompiledGlob>();

/**
 * Lint options from a configuration, with overrides applied on top (editor settings): rule by
 * rule for `rules`, and `authSchema` unless the override is `auto` or absent.
 */
export function optionsFrom(config: NeonAuthConfig | undefined, overrides: { rules?: Record<string, RuleSetting>; authSchema?: string } = {}): LintOptions {
  const rules = { ...(config?.rules ?? {}), ...(overrides.rules ?? {}) };
  const override = overrides.authSchema === 'legacy' || overrides.authSchema === 'current' ? overrides.authSchema : undefined;
  const forced = override ?? config?.authSchema;
  const options: LintOptions = { rules };
  if (forced) options.authSchema = forced;
  return options;
}
