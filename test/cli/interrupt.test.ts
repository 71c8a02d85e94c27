import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InterruptedError } from "../../src/core/errors.js";
import { runInterruptible } from "../../src/cli/interrupt.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { RunFolder } from "../../src/core/run-folder.js";
import { makeTempDir } from "../temp-dirs.js";

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = "";
  return stream;
}

describe("runInterruptible", () => {
  it("turns the first SIGINT into an abort and prints what the step kept, exit 130", async () => {
    const out = sink();
    const code = await runInterruptible(
      "sample",
      async (signal) => {
        process.emit("SIGINT", "SIGINT");
        expect(signal.aborted).toBe(true);
        throw new InterruptedError("sample: interrupted; stored 3 finished rollouts, rerun to resume");
      },
      out,
    );
    expect(code).toBe(130);
    expect(out.text).toBe("\nsample: stopping after storing what has finished (SIGINT again to stop at once)\nsample: interrupted; stored 3 finished rollouts, rerun to resume\n");
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("says a step without its own message was interrupted, and passes other errors on", async () => {
    const out = sink();
    expect(await runInterruptible("grade", async () => (process.emit("SIGTERM", "SIGTERM"), Promise.reject(new Error("aborted"))), out)).toBe(130);
    expect(out.text.endsWith("grade: interrupted; rerun to resume\n")).toBe(true);
    await expect(runInterruptible("grade", async () => Promise.reject(new Error("grade: boom")), sink())).rejects.toThrow("grade: boom");
  });
});

describe("runPipeline after an interrupt", () => {
  it("starts no further step", async () => {
    const controller = new AbortController();
    controller.abort();
    const run = new RunFolder(await makeTempDir("rungs-interrupt-"));
    await expect(runPipeline({ run, pipeline: { name: "t", sources: [] }, progress: () => {}, signal: controller.signal })).rejects.toThrow(
      new InterruptedError("pipeline: interrupted before ingest; rerun to resume"),
    );
  });
});
