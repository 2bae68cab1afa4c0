/**
 * FNV-1a (32 bits) over a text's UTF-16 code units: a cheap, stable hash for keys and names,
 * never a security measure. `seed` continues an earlier hash (default: FNV's offset basis).
 * Returns an unsigned 32-bit integer.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
