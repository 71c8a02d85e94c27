import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ModelServer, ServeError, type ServeEvent } from "../../../src/engines/serve/model-server.js";
import type { ServeSpec } from "../../../src/engines/config/model-spec.js";
import { makeTempDir } from "../../temp-dirs.js";
import { alive } from "../../process-alive.js";
import { simServeCommand } from "./sim-command.js";

const PROBLEMS = fileURLToPath(new URL("../../fixtures/problems.parquet", import.meta.url));
const started: ModelServer[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(spec: Partial<ServeSpec> & Pick<ServeSpec, "command">, events: ServeEvent[] = []) {
  const dir = await makeTempDir();
  const logPath = join(dir, "logs", "m.log");
  const promise = ModelServer.start({
    id: "org/m",
    servedName: "m-served",
    spec: { engine: "command", model: "m", readyTimeout: 20, ...spec },
    runDir: dir,
    logPath,
    graceMs: 2000,
    pollMs: 100,
    onEvent: (e) => events.push(e),
  });
  const server = await promise.then((s) => (started.push(s), s));
  return { server, logPath, events };
}

describe("ModelServer", () => {
  it("starts rungs sim, waits until /v1/models lists the served name, logs to the run folder, restarts it when it dies, and stops its process group", async () => {
    const { server, logPath, events } = await start({ command: simServeCommand(PROBLEMS), maxRestarts: 1 });
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["m-served"]);
    expect(events[0]).toMatchObject({ type: "starting", model: "org/m", attempt: 1 });
    expect((events[0] as { command: string }).command).toMatch(/sim --problems .* --model m-served=5 --port \d+ --latency 0$/);
    expect(await readFile(logPath, "utf8")).toMatch(/rungs starts: .*\n[^]*sim: serving m-served \(skill 5\)/);

    const first = server.pid!;
    process.kill(-first, "SIGKILL");
    await expect.poll(() => events.filter((e) => e.type === "ready").length, { timeout: 20_000 }).toBe(2);
    expect(events.find((e) => e.type === "exited")).toEqual({ type: "exited", model: "org/m", how: "was killed by SIGKILL", restarting: true });
    expect(server.pid).not.toBe(first);
    expect((await fetch(`${server.url}/models`)).ok).toBe(true);

    const pid = server.pid!;
    await server.stop();
    expect(alive(pid)).toBe(false);
    expect(alive(-pid)).toBe(false);
  });

  it("gives up with the log's tail once a server that keeps dying has used its restarts", async () => {
    // Answers /v1/models, then dies 300 ms later, every time.
    const flaky = `require("http").createServer((q, r) => { r.end(JSON.stringify({ data: [{ id: "m-served" }] })); setTimeout(() => { console.error("worker died: CUDA error"); process.exit(1); }, 300); }).listen(Number(process.argv[1]), "127.0.0.1")`;
    const { server, events } = await start({ command: [process.execPath, "-e", flaky, "{port}"], maxRestarts: 1 });
    const failure = await server.failed;
    expect(failure).toBeInstanceOf(ServeError);
    expect(failure.message).toMatch(/^serve: org\/m: the server exited with code 1 after it was ready, and 1 restart was used \(serve.maxRestarts\)\n  command: .*\n  last lines of .*m\.log:\n    worker died: CUDA error$/);
    expect(events.map((e) => e.type)).toEqual(["starting", "ready", "exited", "starting", "ready", "exited"]);
  });

  it("says so, with the log's tail, when the command exits at once", async () => {
    const error = await start({ command: [process.execPath, "-e", "console.error('cannot load weights: out of memory'); process.exit(3)"] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toMatch(/^serve: org\/m: the server exited with code 3 before it was ready\n  command: .*\n  last lines of .*m\.log:\n    cannot load weights: out of memory$/);
  });

  it("says so when the program does not exist", async () => {
    const error = await start({ command: ["rungs-no-such-program", "{port}"] }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^serve: org\/m: the server could not start \(spawn rungs-no-such-program ENOENT\) before it was ready/);
  });

  it("stops a server that never lists the served name within readyTimeout, naming what it saw", async () => {
    const serveOther = `require("http").createServer((q, r) => r.end(JSON.stringify({ data: [{ id: "other" }] }))).listen(Number(process.argv[1]), "127.0.0.1")`;
    const error = await start({ command: [process.execPath, "-e", serveOther, "{port}"], readyTimeout: 1.5 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toMatch(/^serve: org\/m: not ready after 1.5s \(serve.readyTimeout\): http:\/\/127.0.0.1:\d+\/v1\/models should list "m-served", last look: it lists "other"; stopped it\n/);
  });
});
