// The build's one change to the Postgres grammar's WebAssembly module (libpg-query.wasm): its
// initial memory. See `lowerInitialMemory`.

const PAGE = 65536;

/** Reads an unsigned LEB128 at `at`: { value, end } (end: the offset after it). */
function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 5; i++) {
    value += (bytes[i] & 0x7f) * 2 ** shift;
    shift += 7;
    if ((bytes[i] & 0x80) === 0) return { value, end: i + 1 };
  }
  throw new Error(`wasm: bad LEB128 at byte ${at}`);
}

/** Reads a signed LEB128 (an i32.const's operand) at `at`: { value, end }. */
function readS32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 5; i++) {
    value |= (bytes[i] & 0x7f) << shift;
    shift += 7;
    if ((bytes[i] & 0x80) === 0) return { value: shift < 32 && bytes[i] & 0x40 ? value | (-1 << shift) : value, end: i + 1 };
  }
  throw new Error(`wasm: bad LEB128 at byte ${at}`);
}

/** `value` as an unsigned LEB128 of exactly `length` bytes (padded with continuation bytes), or undefined if it does not fit. */
function encodeU32(value, length) {
  if (value >= 2 ** (7 * length)) return undefined;
  const out = [];
  for (let i = 0; i < length; i++) {
    const low = value & 0x7f;
    value = Math.floor(value / 128);
    out.push(i < length - 1 ? low | 0x80 : low);
  }
  return out;
}

/**
 * libpg-query's module asks for 128 MiB of memory up front (2,048 pages; it grows on demand up to
 * its maximum). V8 counts that memory as external memory and, past its 64 MiB soft limit, collects
 * garbage for it: a full mark-compact in every CLI run that parses a statement (about 50 M
 * instructions, 10 ms on the project's machine; issue 14). The memory the module needs before it
 * grows is its data segments and its stack, which ends where the stack pointer (its first global,
 * a mutable i32, as Emscripten lays it out) starts. This returns a copy of `bytes` whose memory
 * minimum is that, rounded up to whole pages, with the same length (the LEB128 is rewritten in
 * place), and the page counts before and after. It changes nothing when the module's layout is
 * not the expected one (no defined memory, first global not a mutable i32 constant, a minimum
 * already lower): `after` equals `before` then, and `reason` says why.
 * @param {Uint8Array} bytes
 * @returns {{ bytes: Uint8Array, before: number | undefined, after: number | undefined, reason?: string }}
 */
export function lowerInitialMemory(bytes) {
  if (!(bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d)) {
    return { bytes, before: undefined, after: undefined, reason: 'not a WebAssembly module' };
  }
  let memoryMin; // { value, at, length }
  let stackTop;
  let dataEnd = 0;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const size = readU32(bytes, at + 1);
    const start = size.end;
    const end = start + size.value;
    if (id === 5) {
      const count = readU32(bytes, start);
      if (count.value !== 1) return { bytes, before: undefined, after: undefined, reason: `${count.value} memories` };
      const flags = bytes[count.end];
      if (flags > 1) return { bytes, before: undefined, after: undefined, reason: `memory flags ${flags}` };
      const min = readU32(bytes, count.end + 1);
      memoryMin = { value: min.value, at: count.end + 1, length: min.end - count.end - 1 };
    } else if (id === 6) {
      const count = readU32(bytes, start);
      // global 0: type i32 (0x7f), mutable (1), init `i32.const n` (0x41 n) `end` (0x0b)
      const p = count.end;
      if (count.value > 0 && bytes[p] === 0x7f && bytes[p + 1] === 1 && bytes[p + 2] === 0x41) {
        const init = readS32(bytes, p + 3);
        if (bytes[init.end] === 0x0b && init.value > 0) stackTop = init.value;
      }
    } else if (id === 11) {
      // data segments: active ones in memory 0 at `i32.const offset`; the highest end counts
      const count = readU32(bytes, start);
      let p = count.end;
      for (let i = 0; i < count.value; i++) {
        const kind = readU32(bytes, p);
        p = kind.end;
        if (kind.value === 2) p = readU32(bytes, p).end;
        let offset = 0;
        if (kind.value !== 1) {
          if (bytes[p] !== 0x41) return { bytes, before: memoryMin?.value, after: memoryMin?.value, reason: 'a data segment at a computed offset' };
          const o = readS32(bytes, p + 1);
          offset = o.value;
          p = o.end + 1;
        }
        const length = readU32(bytes, p);
        p = length.end + length.value;
        if (kind.value !== 1) dataEnd = Math.max(dataEnd, offset + length.value);
      }
    }
    at = end;
  }
  if (memoryMin === undefined) return { bytes, before: undefined, after: undefined, reason: 'no memory defined' };
  if (stackTop === undefined) return { bytes, before: memoryMin.value, after: memoryMin.value, reason: 'no stack pointer global' };
  const needed = Math.ceil(Math.max(stackTop, dataEnd) / PAGE);
  if (needed >= memoryMin.value) return { bytes, before: memoryMin.value, after: memoryMin.value, reason: 'minimum already at what it needs' };
  const encoded = encodeU32(needed, memoryMin.length);
  if (encoded === undefined) return { bytes, before: memoryMin.value, after: memoryMin.value, reason: 'new minimum does not fit' };
  const out = Uint8Array.from(bytes);
  out.set(encoded, memoryMin.at);
  return { bytes: out, before: memoryMin.value, after: needed };
}

export { PAGE };
