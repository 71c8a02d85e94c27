import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OUTPUT_CHECKERS, VALUE_CHECKERS, extractProgram } from "../../../../src/engines/verify/code/index.js";
import { parseJsonExact, stringifyJsonExact } from "../../../../src/engines/code-tests/json-exact.js";
import { decimalKey } from "../../../../src/engines/verify/code/output-checkers.js";

describe("output checkers", () => {
  it("exact needs every byte", () => {
    expect(OUTPUT_CHECKERS.exact("1\n", "1\n")).toBe(true);
    expect(OUTPUT_CHECKERS.exact("1", "1\n")).toBe(false);
  });

  it("ws_tokens ignores any whitespace difference but not token differences", () => {
    expect(OUTPUT_CHECKERS.ws_tokens("1 3 \n-1\n0\n\n2\n", "1\n3\n-1 0 2")).toBe(true);
    expect(OUTPUT_CHECKERS.ws_tokens("1 2", "1 2 3")).toBe(false);
    expect(OUTPUT_CHECKERS.ws_tokens("YES", "yes")).toBe(false);
  });

  it("ws_tokens holds under any re-spacing of the same tokens (property)", () => {
    const token = fc.stringMatching(/^[a-z0-9.-]{1,6}$/);
    const space = fc.constantFrom(" ", "\n", "\t", "  ", "\r\n", " \n ");
    fc.assert(
      fc.property(fc.array(fc.tuple(token, space, space), { minLength: 1, maxLength: 20 }), (parts) => {
        const a = parts.map(([t, s]) => t + s).join("");
        const b = parts.map(([t, , s]) => s + t).join("");
        return OUTPUT_CHECKERS.ws_tokens(a, b);
      }),
    );
  });

  it("lcb_lines keeps lines but accepts equal decimals", () => {
    expect(OUTPUT_CHECKERS.lcb_lines("1.6804 2\n", "1.68040 2")).toBe(true);
    expect(OUTPUT_CHECKERS.lcb_lines("1 2\n", "1\n2\n")).toBe(false);
    expect(OUTPUT_CHECKERS.lcb_lines("1.6805", "1.6804")).toBe(false);
    expect(OUTPUT_CHECKERS.lcb_lines("  Yes  \n", "Yes")).toBe(true);
  });

  it("decimalKey equates exactly the equal decimals (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat(8), fc.nat(4), (mantissa, scale, pad) => {
        const digits = (mantissa < 0n ? -mantissa : mantissa).toString().padStart(scale + 1, "0");
        const text = `${mantissa < 0n ? "-" : ""}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(digits.length - scale)}` : ""}`;
        const padded = scale ? text + "0".repeat(pad) : pad ? `${text}.${"0".repeat(pad)}` : text;
        expect(decimalKey(padded)).toBe(decimalKey(text));
        expect(decimalKey(text)).not.toBe(decimalKey(`${text}${scale ? "1" : ".1"}`));
      }),
    );
  });

  it("float_tol accepts a relative 1e-6 difference only", () => {
    expect(OUTPUT_CHECKERS.float_tol("3.1415930", "3.14159265")).toBe(true);
    expect(OUTPUT_CHECKERS.float_tol("3.15", "3.14159265")).toBe(false);
    expect(OUTPUT_CHECKERS.float_tol("abc 1", "abc 1.0000000001")).toBe(true);
    expect(OUTPUT_CHECKERS.float_tol("abd 1", "abc 1")).toBe(false);
  });
});

describe("value checkers", () => {
  const p = parseJsonExact;
  it("apps_call accepts the value or the unwrapped 1-element list", () => {
    expect(VALUE_CHECKERS.apps_call(p("48"), p("[48]"))).toBe(true);
    expect(VALUE_CHECKERS.apps_call(p("[1, 2]"), p("[1, 2]"))).toBe(true);
    expect(VALUE_CHECKERS.apps_call(p("47"), p("[48]"))).toBe(false);
  });

  it("lcb_equal follows Python ==: 2 == 2.0 and True == 1, but no unwrapping", () => {
    expect(VALUE_CHECKERS.lcb_equal(p("2.0"), p("2"))).toBe(true);
    expect(VALUE_CHECKERS.lcb_equal(p("true"), p("1"))).toBe(true);
    expect(VALUE_CHECKERS.lcb_equal(p("48"), p("[48]"))).toBe(false);
    expect(VALUE_CHECKERS.lcb_equal(p('"1"'), p("1"))).toBe(false);
  });

  it("compares big integers exactly", () => {
    expect(VALUE_CHECKERS.lcb_equal(p("12345678901234567891"), p("12345678901234567890"))).toBe(false);
    expect(VALUE_CHECKERS.lcb_equal(p("12345678901234567890"), p("12345678901234567890"))).toBe(true);
  });

  it("compares a harness-tagged dict with a JSON object by string keys only", () => {
    expect(VALUE_CHECKERS.lcb_equal(p('{"__dict__": [["a", 1], ["b", [2]]]}'), p('{"b": [2], "a": 1}'))).toBe(true);
    expect(VALUE_CHECKERS.lcb_equal(p('{"__dict__": [[1, 1]]}'), p('{"1": 1}'))).toBe(false);
    expect(VALUE_CHECKERS.lcb_equal(p('{"__repr__": "<A>"}'), p('{"__repr__": "<A>"}'))).toBe(false);
  });

  it("parseJsonExact round-trips any JSON value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(stringifyJsonExact(parseJsonExact(text))).toBe(text);
      }),
    );
  });
});

describe("extractProgram", () => {
  it("takes the last code block, preferring Python over text blocks", () => {
    const r = "Try:\n```python\nprint(1)\n```\nBetter:\n```python\nprint(2)\n```\nOutput:\n```text\n2\n```";
    expect(extractProgram(r)).toBe("print(2)\n");
  });
  it("takes a bare program, a cut-off block, or nothing", () => {
    expect(extractProgram("print(3)")).toBe("print(3)");
    expect(extractProgram("Here it is\n```python\nprint(4)\n")).toBe("print(4)\n");
    expect(extractProgram("   \n")).toBeNull();
    expect(extractProgram("```python\n```")).toBeNull();
  });
});
