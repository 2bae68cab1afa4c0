/** Markdown hover content for a range of the document (UTF-16 offsets). */
export interface Hover {
  start: number;
  end: number;
  markdown: string;
}

/** Hover for the token at `offset`: the Neon Auth user tables and their columns. Null when nothing to say. */
export function hoverAt(text: string, offset: number): Hover | null {
  void text; void offset;
  return null;
}
