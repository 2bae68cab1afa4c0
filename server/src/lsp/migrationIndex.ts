/**
 * The language server's migration sets: per workspace folder, a `MigrationHistories` (the CLI's
 * reader, `workspace/sets.ts`) whose files are read from the editor's buffers when open, else from
 * disk. A `.sql` document of a set is linted with the history its earlier files leave; related
 * information points at those files (`file:` URIs under the folder).
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LoadedConfig } from '../config/config';
import { PriorSchema } from '../linter';
import { MigrationHistories } from '../workspace/sets';

/** The history of one document: the state before it, and how its related paths become URIs. */
export interface DocumentHistory {
  prior: PriorSchema;
  /** A `RelatedInformation.path` (relative to the folder) as a `file:` URI. */
  uriOf(relative: string): string;
}

export class MigrationIndex {
  private readonly byFolder = new Map<string, MigrationHistories>();

  /**
   * @param folders the workspace folders' paths (absolute).
   * @param openText the editor's text of a file (absolute path) when it is open.
   * @param log where set notices go (the server's log).
   */
  constructor(
    private readonly folders: () => string[],
    private readonly openText: (file: string) => string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The folder holding `file` (the deepest workspace folder), else the file's own folder. */
  private folderOf(file: string): string {
    let best: string | undefined;
    for (const f of this.folders()) {
      const rel = path.relative(f, file);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && (best === undefined || f.length > best.length)) best = f;
    }
    return best ?? path.dirname(file);
  }

  private historiesFor(folder: string): MigrationHistories {
    let h = this.byFolder.get(folder);
    if (!h) {
      h = new MigrationHistories(folder, this.openText);
      this.byFolder.set(folder, h);
    }
    return h;
  }

  /** The history before `file` (absolute path) when it is a file of a migration set; undefined otherwise. Never throws. */
  historyOf(file: string, config: LoadedConfig | undefined): DocumentHistory | undefined {
    try {
      const folder = this.folderOf(file);
      const histories = this.historiesFor(folder);
      const found = histories.historyOf(file, config);
      for (const n of histories.takeNotices()) this.log(`Migration set: ${n.path}${n.line === undefined ? '' : `:${n.line + 1}`}: ${n.message}`);
      if (!found) return undefined;
      return { prior: found.prior, uriOf: (relative) => pathToFileURL(path.resolve(folder, relative)).href };
    } catch {
      return undefined;
    }
  }

  /** Whether `file` (absolute path) belongs to a set read so far (its edits change later files' history). */
  inKnownSet(file: string): boolean {
    const h = this.byFolder.get(this.folderOf(file));
    return h !== undefined && h.inKnownSet(file);
  }

  /** Forgets folds (a file's text changed) and, with `listings`, the folder listings (files created, deleted, renamed). */
  invalidate(listings: boolean): void {
    for (const h of this.byFolder.values()) h.invalidate(listings);
  }
}
