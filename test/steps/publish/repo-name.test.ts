import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseRepoName } from "../../../src/steps/publish/repo-name.js";

const part = fc.stringMatching(/^[A-Za-z0-9_]([A-Za-z0-9_]|[-.][A-Za-z0-9_]){0,20}$/);

describe("parseRepoName", () => {
  it("accepts every owner/name made of Hub name characters", () => {
    fc.assert(fc.property(part, part, (owner, name) => parseRepoName(`${owner}/${name}`) === `${owner}/${name}`));
  });

  it("rejects anything that is not exactly two valid parts", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parts = text.split("/");
        fc.pre(!(parts.length === 2 && parts.every((p) => /^[A-Za-z0-9_.-]+$/.test(p))));
        expect(() => parseRepoName(text)).toThrow('publish: --repo must be a dataset repo "owner/name"');
      }),
    );
    for (const bad of ["a/b/c", "a", "/b", "a/", "a/b..c", "a/-b", "a--x/b"]) expect(() => parseRepoName(bad)).toThrow(/owner\/name/);
  });
});
