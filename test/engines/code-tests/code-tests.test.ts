import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeLcbPrivate } from "../../../src/engines/code-tests/decode-lcb-private.js";
import { fromInputOutput } from "../../../src/engines/code-tests/field-converters.js";
import { toCanonicalTests } from "../../../src/engines/code-tests/to-canonical-tests.js";
import { adaptAppsLike } from "../../../src/steps/ingest/adapters/apps.js";

const pickled = (protocol0: string) => deflateSync(Buffer.from(protocol0, "latin1")).toString("base64");

describe("decodeLcbPrivate (pickleparser)", () => {
  it("decodes a pickled JSON string (protocol 0 as well as the fixtures' 2-4)", () => {
    expect(decodeLcbPrivate(pickled(`V[{"input": "1", "output": "2", "testtype": "stdin"}]\np0\n.`))).toEqual([{ input: "1", output: "2", testtype: "stdin" }]);
  });

  it("never runs a pickle that calls something: os.system becomes an inert value and is refused", () => {
    const evil = pickled("cos\nsystem\n(S'touch /tmp/rungs-pwned'\ntR.");
    expect(() => decodeLcbPrivate(evil)).toThrow('field "private_test_cases" unpickles to object, expected a JSON string');
  });

  it("keeps big integers exact", () => {
    expect(decodeLcbPrivate('[{"input": "1", "output": 123456789012345678901234567890}]')).toEqual([{ input: "1", output: 123456789012345678901234567890n }]);
  });
});

describe("one converter for ingest and verify", () => {
  const layouts = [
    { fn_name: "f", inputs: [[1, 2], "3\n4"], outputs: [[3], "[7]"] },
    { inputs: ["1 2\n", ["3", "4"]], outputs: ["3\n", 7] },
  ];
  layouts.forEach((io, i) => {
    it(`ingest's APPS adapter stores what \`rungs verify code\` reads from the same raw tests (${i})`, () => {
      const ingested = adaptAppsLike({ question: "Add.", input_output: JSON.stringify(io) }, []);
      if ("reject" in ingested) throw new Error(ingested.detail);
      expect(JSON.parse(ingested.tests!)).toEqual(toCanonicalTests(JSON.stringify(io)));
    });
  });

  it("writes big integers of expected values exactly", () => {
    expect(fromInputOutput({ fn_name: "f", inputs: [[1]], outputs: [[123456789012345678901234567890n]] }, "input_output").outputs).toEqual(["[123456789012345678901234567890]"]);
  });
});
