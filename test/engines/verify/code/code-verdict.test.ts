import { describe, expect, it } from "vitest";
import { codeVerdict } from "../../../../src/engines/verify/verify-completion.js";
import type { CodeGradeResult } from "../../../../src/engines/verify/code/index.js";

const failed = (errorKind: string): CodeGradeResult => ({ score: null, passed: 0, total: 2, verdicts: [], program: "fn main() {}", error: `verify code: ${errorKind}`, errorKind });

describe("codeVerdict for the new grading outcomes", () => {
  it("stores a program in a language rungs does not run as unsupported_language, scored 0", () => {
    expect(codeVerdict(failed("unsupported_language"), false, "p")).toMatchObject({ score: 0, correct: false, verdict: "unsupported_language" });
  });

  it("stores a problem whose checker cannot judge like an unparseable gold answer", () => {
    expect(codeVerdict(failed("ungradable"), false, "p").verdict).toBe("unparseable_gold");
    expect(codeVerdict(failed("checker_failed"), false, "p").verdict).toBe("unparseable_gold");
  });

  it("never scores a missing compiler: it is the machine's failure", () => {
    expect(() => codeVerdict(failed("toolchain"), false, "p")).toThrow(/sandbox failed on problem p/);
  });
});
