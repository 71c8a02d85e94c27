import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { makeTempDirSync } from "../../../temp-dirs.js";

/**
 * What a hostile program would go after on the host, for the hostile suites: a readable secret file, a token in
 * the grader's own environment (HF_TOKEN) and a loopback server that counts every connection it is offered.
 * Registers the file's beforeAll/afterAll; `port` and `connections` are read once the suite runs.
 */
export function hostileHost(prefix: string) {
  const tag = `${prefix}${process.pid}-${Date.now()}`;
  const dir = makeTempDirSync(prefix);
  const host = { tag, dir, secretFile: join(dir, "secret.txt"), secret: `s3cret-${tag}`, port: 0, connections: 0, leftovers: () => taggedProcesses(tag) };
  let server: Server;
  beforeAll(async () => {
    writeFileSync(host.secretFile, host.secret, { mode: 0o644 });
    process.env.HF_TOKEN = `hf_${host.secret}`;
    server = createServer((socket) => {
      host.connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host.port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    delete process.env.HF_TOKEN;
    rmSync(dir, { recursive: true, force: true });
  });
  return host;
}

/** Processes whose command line carries the suite's tag (`pid args`): programs the sandbox failed to kill. */
function taggedProcesses(tag: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (args.includes(tag)) found.push(`${pid} ${args}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
