import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_PROMPT_TEMPLATE, defaultTemplateNote, renderPrompt } from "../../../src/steps/sample/render-prompt.js";

const CHATML = "{{#system}}<|im_start|>system\n{system}<|im_end|>\n{{/system}}<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n";

describe("renderPrompt", () => {
  it("an empty system slot renders nothing, not its markers", () => {
    expect(renderPrompt([{ role: "user", content: "2+2?" }], CHATML)).toBe("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n");
    expect(renderPrompt([{ role: "user", content: "2+2?" }])).toBe("<｜begin▁of▁sentence｜><｜User｜>2+2?<｜Assistant｜><think>\n");
  });

  it("a system message fills its section", () => {
    expect(renderPrompt([{ role: "system", content: "Be brief." }, { role: "user", content: "2+2?" }], CHATML)).toBe(
      "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n",
    );
  });

  it("a problem's text is never read as a slot or a section", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (system, user) => {
        const messages = [...(system ? [{ role: "system" as const, content: system }] : []), { role: "user" as const, content: user }];
        const expected = (system ? `<|im_start|>system\n${system}<|im_end|>\n` : "") + `<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
        expect(renderPrompt(messages, CHATML)).toBe(expected);
      }),
    );
    expect(renderPrompt([{ role: "user", content: "{{#system}}x{system}{{/system}} $& $1" }], CHATML)).toContain("{{#system}}x{system}{{/system}} $& $1");
  });
});

describe("defaultTemplateNote", () => {
  it("warns for a completions model without a template unless it is a DeepSeek-R1 model", () => {
    const note = defaultTemplateNote({ id: "qwen", servedName: "Qwen/Qwen2.5-7B", api: "completions" });
    expect(note).toContain("qwen");
    expect(note).toContain(JSON.stringify(DEFAULT_PROMPT_TEMPLATE));
    expect(defaultTemplateNote({ id: "r1", servedName: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", api: "completions" })).toBeUndefined();
    expect(defaultTemplateNote({ id: "deepseek-r1-7b", api: "completions" })).toBeUndefined();
    expect(defaultTemplateNote({ id: "qwen", api: "completions", promptTemplate: CHATML })).toBeUndefined();
    expect(defaultTemplateNote({ id: "qwen", api: "chat" })).toBeUndefined();
    expect(defaultTemplateNote({ id: "qwen" })).toBeUndefined();
  });
});
