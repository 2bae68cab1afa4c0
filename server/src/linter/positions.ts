import { partitionPoint } from './search';

/** A 0-based line and UTF-16 character, as in LSP's `Position`. */
export interface LinePosition {
  line: number;
  character: number;
}

/**
 * Converts between UTF-16 offsets and 0-based line/character positions: `LineIndex`, or the
 * language server's `TextDocument` (which keeps its line offsets up to date as edits arrive).
 */
export interface PositionConverter {
  positionAt(offset: number): LinePosition;
  offsetAt(position: LinePosition): number;
}

/**
 * Converts between UTF-16 offsets and 0-based line/character positions (LSP's default
 * `utf-16` position encoding). Lines end at `\n`, `\r\n` or a lone `\r`, as in the LSP spec.
 * Building is linear in the text; each lookup is a binary search.
 */
export class LineIndex implements PositionConverter {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }

  /** The position of a UTF-16 offset; offsets past the end clamp to the end of the text. */
  positionAt(offset: number): LinePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // the last line starting at or before `o` (line 0 starts at 0)
    const lo = Math.max(0, partitionPoint(this.starts.length, (i) => this.starts[i] <= o) - 1);
    return { line: lo, character: o - this.starts[lo] };
  }

  /** The UTF-16 offset of a position; a character past the line's end clamps to the line's end. */
  offsetAt(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[position.line];
    let lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    // exclude the line break itself
    while (lineEnd > lineStart && (this.text.charCodeAt(lineEnd - 1) === 10 || this.text.charCodeAt(lineEnd - 1) === 13)) lineEnd--;
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }
}
