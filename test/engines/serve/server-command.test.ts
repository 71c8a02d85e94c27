import { describe, expect, it } from "vitest";
import { serverCommand, shellQuote } from "../../../src/engines/serve/server-command.js";
import { assignGpus } from "../../../src/engines/serve/serve-models.js";
import { resolveSampleSettings } from "../../../src/steps/sample/sample-config.js";

const opts = { servedName: "r1-7b", port: 8002, runDir: "/runs/x" };

describe("serverCommand", () => {
  it("builds vLLM's command line: model, host, port, served name, tensor parallel size, then args", () => {
    const c = serverCommand({ engine: "vllm", model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", gpus: 2, args: ["--max-model-len", "34000"] }, { ...opts, gpuIds: ["2", "3"] });
    expect(shellQuote(c.argv)).toBe("vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-7B --host 127.0.0.1 --port 8002 --served-model-name r1-7b --tensor-parallel-size 2 --max-model-len 34000");
    expect(c.env).toEqual({ CUDA_VISIBLE_DEVICES: "2,3" });
    expect(c.url).toBe("http://127.0.0.1:8002/v1");
  });

  it("builds SGLang's command line with --model-path and --tp", () => {
    const c = serverCommand({ engine: "sglang", model: "/models/r1", host: "0.0.0.0", env: { HF_HOME: "/cache" } }, opts);
    expect(shellQuote(c.argv)).toBe("python -m sglang.launch_server --model-path /models/r1 --host 0.0.0.0 --port 8002 --served-model-name r1-7b --tp 1");
    expect(c.env).toEqual({ HF_HOME: "/cache" });
    expect(c.url).toBe("http://127.0.0.1:8002/v1");
  });

  it("fills a command's placeholders and quotes what a shell would split", () => {
    const c = serverCommand({ engine: "command", model: "w", command: ["my-server", "--listen={host}:{port}", "--name", "{servedName}", "--data", "{runDir}/a b"] }, opts);
    expect(c.argv).toEqual(["my-server", "--listen=127.0.0.1:8002", "--name", "r1-7b", "--data", "/runs/x/a b"]);
    expect(shellQuote(c.argv)).toBe("my-server --listen=127.0.0.1:8002 --name r1-7b --data '/runs/x/a b'");
  });
});

describe("assignGpus", () => {
  const model = (id: string, gpus?: number) => ({ id, serve: { engine: "vllm" as const, model: id, ...(gpus !== undefined ? { gpus } : {}) } });
  it("hands each server its own GPUs in model order", () => {
    expect(assignGpus([model("a", 2), model("b"), model("c", 4)], ["0", "1", "2", "3", "4", "5", "6", "7"])).toEqual(new Map([["a", ["0", "1"]], ["b", ["2"]], ["c", ["3", "4", "5", "6"]]]));
  });
  it("refuses more GPUs than the machine shows", () => {
    expect(() => assignGpus([model("a", 4), model("b", 8)], ["0", "1", "2", "3"])).toThrow("serve: the models' serve blocks ask for 12 GPUs (serve.gpus), this machine has 4 (CUDA_VISIBLE_DEVICES=0,1,2,3)");
  });
});

describe("a served model's endpoints", () => {
  const pipeline = (serve: Record<string, unknown>) => ({ name: "p", sources: [], models: [{ id: "m", serve: { engine: "vllm" as const, model: "w", ...serve } }] });
  it("is its serve block's port on this machine, unless endpoints or --endpoint say otherwise", () => {
    expect(resolveSampleSettings(pipeline({ port: 8005 })).serving.m.endpoints).toEqual(["http://127.0.0.1:8005/v1"]);
    expect(resolveSampleSettings(pipeline({ port: 8005 }), { endpoint: ["m=http://gpu1:8000/v1"] }).serving.m.endpoints).toEqual(["http://gpu1:8000/v1"]);
  });
  it("is known only once --serve starts it when the port is picked at start, and serve is not hashed", () => {
    const settings = resolveSampleSettings(pipeline({}));
    expect(settings.serving.m.endpoints).toEqual(["serve://"]);
    expect(settings.models).toEqual([{ id: "m" }]);
  });
});
