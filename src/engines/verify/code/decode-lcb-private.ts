import { inflateSync } from "node:zlib";

/**
 * LiveCodeBench (code_generation_lite) stores private tests as base64(zlib(pickle(json_string))),
 * SandboxFusion as base64(zlib(pickle({"input_output": json_string}))). Unpickling is code execution in
 * Python, so this reads only the handful of opcodes a pickled str or str→str dict uses, and refuses
 * everything else: nothing in the data can run.
 */
export function decodeLcbPrivate(encoded: string): string | Record<string, string> {
  const bytes = inflateSync(Buffer.from(encoded, "base64"));
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo: unknown[] = [];
  let pos = 0;
  const u = (n: number) => {
    const v = n === 1 ? bytes.readUInt8(pos) : n === 4 ? bytes.readUInt32LE(pos) : Number(bytes.readBigUInt64LE(pos));
    pos += n;
    return v;
  };
  const str = (len: number) => {
    const s = bytes.toString("utf8", pos, pos + len);
    pos += len;
    return s;
  };
  while (pos < bytes.length) {
    const op = bytes[pos++]!;
    switch (op) {
      case 0x80: pos += 1; break; // PROTO
      case 0x95: pos += 8; break; // FRAME
      case 0x8c: stack.push(str(u(1))); break; // SHORT_BINUNICODE
      case 0x58: stack.push(str(u(4))); break; // BINUNICODE
      case 0x8d: stack.push(str(u(8))); break; // BINUNICODE8
      case 0x94: memo.push(stack.at(-1)); break; // MEMOIZE
      case 0x71: memo[u(1)] = stack.at(-1); break; // BINPUT
      case 0x72: memo[u(4)] = stack.at(-1); break; // LONG_BINPUT
      case 0x7d: stack.push({}); break; // EMPTY_DICT
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x73: { // SETITEM
        const v = stack.pop();
        const k = stack.pop();
        (stack.at(-1) as Record<string, unknown>)[String(k)] = v;
        break;
      }
      case 0x75: { // SETITEMS
        const items = stack.splice(marks.pop() ?? stack.length);
        for (let i = 0; i + 1 < items.length; i += 2) (stack.at(-1) as Record<string, unknown>)[String(items[i])] = items[i + 1];
        break;
      }
      case 0x2e: { // STOP
        const out = stack.pop();
        if (typeof out === "string" || (typeof out === "object" && out !== null)) return out as string | Record<string, string>;
        throw new Error("pickle holds neither a string nor a dict");
      }
      default:
        throw new Error(`unsupported pickle opcode 0x${op.toString(16)} (only strings and dicts of strings are read)`);
    }
  }
  throw new Error("pickle ends without STOP");
}
