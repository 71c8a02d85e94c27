import { describe, expect, it } from "vitest";
import { hubSettings, hubToken, redact, resolveHubAccess } from "../../../src/engines/hub/hub-access.js";

describe("Hub access (one lookup for ingest and publish)", () => {
  const cases: Array<[string, string | undefined, NodeJS.ProcessEnv, string | undefined]> = [
    ["an explicit token wins", "hf_flag", { HF_TOKEN: "hf_env", HUGGING_FACE_HUB_TOKEN: "hf_old" }, "hf_flag"],
    ["HF_TOKEN before the older name", undefined, { HF_TOKEN: "hf_env", HUGGING_FACE_HUB_TOKEN: "hf_old" }, "hf_env"],
    ["HUGGING_FACE_HUB_TOKEN alone", undefined, { HUGGING_FACE_HUB_TOKEN: "hf_old" }, "hf_old"],
    ["an empty HF_TOKEN counts as unset", undefined, { HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: "hf_old" }, "hf_old"],
    ["none", undefined, {}, undefined],
  ];
  cases.forEach(([name, explicit, env, expected]) => {
    it(`token: ${name}`, () => {
      expect(hubToken(explicit, env)).toBe(expected);
      expect(resolveHubAccess({ token: explicit, env }).token).toBe(expected); // publish
      expect(hubSettings({ token: explicit }, env).token).toBe(expected); // ingest
    });
  });

  it("takes the endpoint from the option, then HF_ENDPOINT, without trailing slashes", () => {
    expect(resolveHubAccess({ env: {} }).hubUrl).toBe("https://huggingface.co");
    expect(resolveHubAccess({ env: { HF_ENDPOINT: "http://mirror/" } }).hubUrl).toBe("http://mirror");
    expect(hubSettings({ endpoint: "http://own//" }, { HF_ENDPOINT: "http://mirror" })).toEqual({ endpoint: "http://own", cacheDir: "data/cache/hub" });
  });

  it("redacts every occurrence of the secret", () => {
    expect(redact("a hf_x b hf_x", "hf_x")).toBe("a hf_*** b hf_***");
    expect(redact("nothing", undefined)).toBe("nothing");
  });
});
