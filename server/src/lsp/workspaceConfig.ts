import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { findConfigFile, isIgnored, LoadedConfig, loadConfig, optionsFrom, replacedConfigFile } from '../config/config';
import { isHostLanguage, LineIndex, LintOptions } from '../linter';
import type { HostWorkspace } from '../workspace/hostModules';
import { DIAGNOSTIC_SOURCE } from './convert';
import type { DocumentHistory } from './migrationIndex';
import { Settings } from './settings';

/**
 * The `.neon-auth.json` files of the documents the server sees, cached per folder until a
 * watched config file changes (`workspace/didChangeWatchedFiles`). Only `file:` documents have one.
 */
export class ConfigStore {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();

  /** The configuration that applies to a document URI, if any. */
  forUri(uri: string): LoadedConfig | undefined {
    const file = filePathOf(uri);
    if (file === undefined) return undefined;
    const dir = path.dirname(file);
    if (!this.byDir.has(dir)) {
      const found = findConfigFile(dir);
      this.byDir.set(dir, found === undefined ? undefined : loadConfig(found));
    }
    return this.byDir.get(dir);
  }

  /** Every configuration file loaded so far. */
  loaded(): LoadedConfig[] {
    const seen = new Map<string, LoadedConfig>();
    for (const c of this.byDir.values()) if (c) seen.set(c.file, c);
    return [...seen.values()];
  }

  clear(): void {
    this.byDir.clear();
  }
}

/** The file-system path of a `file:` URI, else undefined (untitled and virtual documents). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Lint options of a document: the configuration file's, with the editor settings on top (rule by
 * rule; `authSchema` unless the setting is `auto`), the editor's file-size limit, and the
 * document's language (`LintOptions.language`: a VS Code language id; SQL when not given).
 */
export function documentOptions(settings: Settings, loaded: LoadedConfig | undefined, languageId?: string): LintOptions {
  const options = optionsFrom(loaded?.config, { rules: settings.rules, authSchema: settings.authSchema });
  return { ...options, maxFileSize: Math.round(settings.maxFileSizeMb * 1024 * 1024), language: isHostLanguage(languageId) ? languageId : 'sql' };
}

/**
 * What a file reaches of the workspace beyond its own text: for a TypeScript/JavaScript file, the
 * Drizzle tables and relations of the modules it imports (`HostModules.workspaceOf`); for a SQL
 * migration of a set, the history before it (`lsp/migrationIndex.ts`).
 */
export interface FileContext {
  workspace?: HostWorkspace;
  history?: DocumentHistory;
}

/**
 * Lint options of a file, open in the editor or read from disk by the workspace check:
 * `documentOptions` with what the file reaches of the workspace (`FileContext`), so every path
 * finds what the CLI finds.
 */
export function fileOptions(settings: Settings, loaded: LoadedConfig | undefined, languageId: string | undefined, context: FileContext): LintOptions {
  return {
    ...documentOptions(settings, loaded, languageId),
    ...context.workspace,
    ...(context.history ? { priorSchema: context.history.prior } : {}),
  };
}

/** Whether the configuration's `ignore` globs exclude the document. */
export function isDocumentIgnored(uri: string, loaded: LoadedConfig | undefined): boolean {
  const file = filePathOf(uri);
  return file !== undefined && isIgnored(loaded, file);
}

/**
 * The diagnostics of a configuration file: its problems, and, when it is nested under another
 * `.neon-auth.json` (`replacedConfigFile`), a hint on its first character (the root `{` of a file
 * that starts with it) saying that it replaces that file for the files under its folder (nothing
 * merged), with the other file as related information when `withRelated` (the client shows it).
 * Hints are shown in the editor, not listed in VS Code's Problems view. With its URI.
 */
export function configDiagnostics(loaded: LoadedConfig, withRelated = false): { uri: string; diagnostics: Diagnostic[] } {
  const index = new LineIndex(loaded.text);
  const uri = pathToFileURL(loaded.file).toString();
  const diagnostics: Diagnostic[] = loaded.problems.map((p) => ({
    range: { start: index.positionAt(p.start), end: index.positionAt(p.end) },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: 'config',
    message: p.message,
  }));
  const replaced = replacedConfigFile(loaded.file);
  if (replaced !== undefined) {
    const at = Math.max(0, loaded.text.search(/\S/));
    const relative = path.relative(path.dirname(loaded.file), replaced).split(path.sep).join('/');
    const hint: Diagnostic = {
      range: { start: index.positionAt(at), end: index.positionAt(Math.min(loaded.text.length, at + 1)) },
      severity: DiagnosticSeverity.Hint,
      source: DIAGNOSTIC_SOURCE,
      code: 'config',
      message: `For the files under this folder, this file replaces ${relative}: the nearest .neon-auth.json applies alone, its settings are not merged with that file's.`,
    };
    if (withRelated)
      hint.relatedInformation = [
        {
          location: { uri: pathToFileURL(replaced).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          message: 'the replaced file',
        },
      ];
    diagnostics.push(hint);
  }
  return { uri, diagnostics };
}
