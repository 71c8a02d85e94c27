import { isUtf8 } from "node:buffer";

/**
 * Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 when it is all valid.
 * Node's TextDecoder can reject bad input but does not say where; users need the line and column.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes UTF-8, or returns a message naming the byte column of the first bad sequence. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: string } {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    return { error: `not valid UTF-8 at byte ${bad + 1} (bytes ${hex}); re-encode the file as UTF-8` };
  }
  return { text: strict.decode(bytes) };
}
