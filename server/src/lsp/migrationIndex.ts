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
import { MigrationHistories, noticeText } from '../workspace/sets';

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

  /** Logs the notices of definitions that checks parsed since the last call (an earlier migration's CREATE TABLE no parser accepts). */
  flushNotices(): void {
    for (const h of this.byFolder.values()) this.logNotices(h);
  }

  private logNotices(histories: MigrationHistories): void {
    for (const n of histories.takeNotices()) this.log(`Migration set: ${noticeText(n)}`);
  }

  /** The history before `file` (absolute path) when it is a file of a migration set; undefined otherwise. Never throws. */
  historyOf(file: string, config: LoadedConfig | undefined): DocumentHistory | undefined {
    try {
      const folder = this.folderOf(file);
      const histories = this.historiesFor(folder);
      const found = histories.historyOf(file, config);
      this.logNotices(histories);
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

  /**
   * A file changed on disk (`file`, absolute; its text is read again) or, with `listings`, files
   * were created, deleted or renamed (the folders are listed again). Without `file`, every disk
   * text is read again. Folds re-fold from the first changed file on.
   */
  invalidate(listings: boolean, file?: string): void {
    for (const h of this.byFolder.values()) h.invalidate(listings, file);
  }

  /**
   * Lists and folds every migration set of every workspace folder in the background, `pause`d
   * between chunks of files (return false from it to stop), reporting `progress` (files folded so
   * far, total). Later `historyOf` calls reuse the folds. Resolves to the number of sets; never rejects.
   */
  async indexAll(
    configOf: (folder: string) => LoadedConfig | undefined,
    pause: () => Promise<boolean>,
    progress: (done: number, total: number) => void,
  ): Promise<number> {
    let sets = 0;
    for (const folder of this.folders()) {
      const histories = this.historiesFor(folder);
      sets += await histories.indexAll(configOf(folder), pause, progress);
      this.logNotices(histories);
    }
    return sets;
  }
}
