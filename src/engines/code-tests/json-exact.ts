/**
 * JSON with integers kept exact: Python returns big integers (10**30) that a plain JSON.parse would
 * round to the nearest double, making a wrong answer compare equal. Integers outside the safe range
 * become BigInt; everything else is as JSON.parse gives it.
 */
export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseJsonExact(text: string): ExactJson {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${pos}`);
  };
  const ws = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
  };
  const value = (depth: number): ExactJson => {
    if (depth > 1000) fail("JSON nested too deeply");
    ws();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const out: Record<string, ExactJson> = {};
      ws();
      if (text[pos] === "}") return pos++, out;
      for (;;) {
        ws();
        if (text[pos] !== '"') fail("expected a key");
        const key = string();
        ws();
        if (text[pos++] !== ":") fail("expected ':'");
        // defineProperty, not assignment: a "__proto__" key is data here, not the prototype.
        Object.defineProperty(out, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        const sep = text[pos++];
        if (sep === "}") return out;
        if (sep !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const out: ExactJson[] = [];
      ws();
      if (text[pos] === "]") return pos++, out;
      for (;;) {
        out.push(value(depth + 1));
        ws();
        const sep = text[pos++];
        if (sep === "]") return out;
        if (sep !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      if (m[1] === undefined && m[2] === undefined) {
        const n = Number(m[0]);
        return Number.isSafeInteger(n) ? n : BigInt(m[0]);
      }
      return Number(m[0]);
    }
    // NaN and Infinity: Python's json writes and reads them, and test data carries them.
    for (const [word, v] of [["true", true], ["false", false], ["null", null], ["NaN", Number.NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]] as const) {
      if (text.startsWith(word, pos)) return (pos += word.length), v;
    }
    return fail("unexpected character");
  };
  const string = (): string => {
    STRING.lastIndex = pos;
    const m = STRING.exec(text);
    if (!m) fail("bad string");
    pos += m![0].length;
    return JSON.parse(m![0]) as string;
  };
  const out = value(0);
  ws();
  if (pos !== text.length) fail("trailing text");
  return out;
}

/** JSON text of a value that may hold BigInts. */
export function stringifyJsonExact(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `__bigint__${v}` : v)).replace(/"__bigint__(-?\d+)"/g, "$1");
}
