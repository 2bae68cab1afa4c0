/**
 * The repository configuration file `.neon-auth.json`, shared by the CLI and the language server:
 * found by walking up from a checked file, parsed as JSON with comments (jsonc-parser), validated
 * against the published JSON schema (`schemas/neon-auth.schema.json`, with ajv). A malformed file
 * yields problems with offsets into it and the defaults; nothing here throws.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { findNodeAtLocation, getNodeValue, parseTree, ParseError, printParseErrorCode, Node as JsonNode } from 'jsonc-parser';
import schema from '../../../schemas/neon-auth.schema.json';
import { getRule, LintOptions, PARSE_ERROR_ID, RuleSetting } from '../linter';
import { CompiledGlob, compileGlob } from './glob';

/** The file name looked for in each folder, from the checked file's folder up. */
export const CONFIG_FILE_NAME = '.neon-auth.json';

/** A validated configuration. */
export interface NeonAuthConfig {
  authSchema?: 'auto' | 'legacy' | 'current';
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
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

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<NeonAuthConfig>(schema);

/** Parses and validates the text of a configuration file. Never throws. */
export function parseConfig(file: string, text: string): LoadedConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const problem: ConfigProblem = e
      ? { message: `${CONFIG_FILE_NAME} is not valid JSON: ${printParseErrorCode(e.error)} (defaults are used).`, start: e.offset, end: e.offset + Math.max(1, e.length), severity: 'error' }
      : { message: `${CONFIG_FILE_NAME} is empty (defaults are used).`, start: 0, end: 0, severity: 'error' };
    return { file, config: {}, problems: [problem], text };
  }
  // Plain objects (jsonc-parser builds null-prototype ones); JSON.parse makes `__proto__` an own key, not a prototype.
  const value: unknown = JSON.parse(JSON.stringify(getNodeValue(root)));
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((err): ConfigProblem => {
      const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const extra = err.keyword === 'additionalProperties' ? String((err.params as { additionalProperty?: string }).additionalProperty ?? '') : undefined;
      let node: JsonNode | undefined = findNodeAtLocation(root, segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      if (extra && node) node = findNodeAtLocation(node, [extra])?.parent?.children?.[0] ?? node;
      const where = node ?? root;
      const path = `"${segments.join('.')}"`;
      const allowed = err.keyword === 'enum' ? `: one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
      const what = extra ? `unknown property "${extra}"${err.instancePath ? ` in ${path}` : ''}` : `${err.instancePath ? path : 'the file'} ${err.message ?? 'is invalid'}${allowed}`;
      return { message: `${CONFIG_FILE_NAME}: ${what} (defaults are used).`, start: where.offset, end: where.offset + where.length, severity: 'error' };
    });
    problems.sort((a, b) => a.start - b.start);
    return { file, config: {}, problems, text };
  }
  const config = value as NeonAuthConfig;
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(config.rules ?? {})) {
    if (!getRule(id) && id !== PARSE_ERROR_ID) {
      const node = findNodeAtLocation(root, ['rules', id])?.parent?.children?.[0];
      problems.push({ message: `${CONFIG_FILE_NAME}: unknown rule id "${id}" (ignored).`, start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 0), severity: 'warning' });
    }
  }
  // Globs our matcher refuses (see glob.ts) are left out, each with a warning at its string.
  if (config.ignore) {
    const kept: string[] = [];
    config.ignore.forEach((glob, i) => {
      const compiled = compileGlob(glob);
      if (compiled.ok) {
        kept.push(glob);
        return;
      }
      const node = findNodeAtLocation(root, ['ignore', i]);
      problems.push({ message: `${CONFIG_FILE_NAME}: the ignore pattern ${JSON.stringify(glob)} is not used: ${compiled.reason}.`, start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 0), severity: 'warning' });
    });
    config.ignore = kept;
  }
  problems.sort((a, b) => a.start - b.start);
  return { file, config, problems, text };
}

/** Reads and parses a configuration file; an unreadable file is one `error` problem. Never throws. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { file, config: {}, problems: [{ message: `${CONFIG_FILE_NAME} could not be read: ${(e as Error).message} (defaults are used).`, start: 0, end: 0, severity: 'error' }], text: '' };
  }
  return parseConfig(file, text.replace(/^\uFEFF/, ''));
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

/** Compiled `ignore` globs by pattern (few per workspace; a pattern's compilation never changes). */
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
