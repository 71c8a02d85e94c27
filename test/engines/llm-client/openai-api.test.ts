import { describe, expect, it } from "vitest";
import { MalformedResponseError, parseCompletionResponse, requestBody, type CompletionRequest } from "../../../src/engines/llm-client/openai-api.js";

const request = (n: number, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ api: "chat", model: "m", messages: [{ role: "user", content: "q" }], n, temperature: 1, top_p: 1, max_tokens: 100, seed: 1, ...extra });
const choice = (index: number, text: string, more: Record<string, unknown> = {}) => ({ index, message: { content: text }, finish_reason: "stop", ...more });

describe("parseCompletionResponse token counts", () => {
  it("takes a request of one choice's usage as that choice's count", () => {
    const result = parseCompletionResponse(JSON.stringify({ choices: [choice(0, "abc")], usage: { prompt_tokens: 7, completion_tokens: 42 } }), request(1), 5);
    expect(result.choices[0]).toMatchObject({ completion_tokens: 42, completion_tokens_source: "usage" });
    expect(result.prompt_tokens).toBe(7);
  });

  it("never shares the usage of several choices out: null without token ids", () => {
    const result = parseCompletionResponse(JSON.stringify({ choices: [choice(0, "a"), choice(1, "bbbbbb")], usage: { completion_tokens: 70 } }), request(2), 5);
    expect(result.choices.map((c) => [c.completion_tokens, c.completion_tokens_source])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(result.completion_tokens).toBe(70);
  });

  it("counts each choice's returned token ids (vLLM return_token_ids), over the usage", () => {
    const body = { choices: [choice(1, "b", { token_ids: [5, 6, 7] }), choice(0, "a", { token_ids: [1] })], usage: { completion_tokens: 4 } };
    const result = parseCompletionResponse(JSON.stringify(body), request(2), 5);
    expect(result.choices.map((c) => [c.index, c.completion_tokens, c.completion_tokens_source])).toEqual([
      [0, 1, "token_ids"],
      [1, 3, "token_ids"],
    ]);
  });

  it("rejects token_ids that are not a list, naming the choice", () => {
    const body = JSON.stringify({ choices: [choice(0, "a", { token_ids: 3 })] });
    expect(() => parseCompletionResponse(body, request(1), 5)).toThrow(new MalformedResponseError("choices[0].token_ids is not a list"));
  });

  it("asks for token ids only when told to", () => {
    expect(requestBody(request(4, { returnTokenIds: true })).body.return_token_ids).toBe(true);
    expect("return_token_ids" in requestBody(request(4)).body).toBe(false);
  });
});
