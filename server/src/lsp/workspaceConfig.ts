import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { findConfigFile, isIgnored, LoadedConfig, loadConfig, optionsFrom } from '../config/config';
import { isHostLanguage, LineIndex, LintOptions } from '../linter';
import { DIAGNOSTIC_SOURCE } from './convert';
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

/** Whether the configuration's `ignore` globs exclude the document. */
export function isDocumentIgnored(uri: string, loaded: LoadedConfig | undefined): boolean {
  const file = filePathOf(uri);
  return file !== undefined && isIgnored(loaded, file);
}

/** The diagnostics of a configuration file's problems, and its URI. */
export function configDiagnostics(loaded: LoadedConfig): { uri: string; diagnostics: Diagnostic[] } {
  const index = new LineIndex(loaded.text);
  return {
    uri: pathToFileURL(loaded.file).toString(),
    diagnostics: loaded.problems.map((p) => ({
      range: { start: index.positionAt(p.start), end: index.positionAt(p.end) },
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'config',
      message: p.message,
    })),
  };
}
