import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { VerifierInfrastructureError } from "../verify/verify-completion.js";
import { parseRewardRequest, RewardInputError } from "./reward-request.js";
import { VERIFIER_VERSIONS, type RewardService } from "./reward-service.js";

export interface RewardServerOptions {
  service: RewardService;
  /** @default "127.0.0.1" (loopback only) */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Largest request body, bytes. @default 64 MiB */
  maxBodyBytes?: number;
}

export interface RewardServer {
  /** Base URL, e.g. http://127.0.0.1:8123 (POST /v1/reward, GET /health). */
  url: string;
  /** Completions scored so far. */
  scored(): number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `reward: the request body is over ${maxBytes} bytes; send smaller batches`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `reward: the request body is not JSON (${(error as Error).message})`);
  }
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify({ ...body, verifiers: VERIFIER_VERSIONS });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The reward service over HTTP: `POST /v1/reward {"items": [...]}` → `{"results": [...]}` (in order),
 * `GET /health`. Every answer, errors included, names the verifier versions. A bad request is a 422 naming
 * the item; a verifier infrastructure failure is a 503 (clients retry it), never a score of 0.
 */
export async function startRewardServer({ service, host = "127.0.0.1", port = 0, maxBodyBytes = 64 << 20 }: RewardServerOptions): Promise<RewardServer> {
  let scored = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      send(res, 200, { status: "ok", problems: service.problems?.size ?? null, scored });
      return;
    }
    if (path !== "/v1/reward") throw new HttpError(404, `reward: no route ${req.method} ${path} (POST /v1/reward, GET /health)`);
    if (req.method !== "POST") throw new HttpError(405, `reward: ${path} takes POST`);
    const items = parseRewardRequest(await readJson(req, maxBodyBytes));
    const results = await service.score(items);
    scored += results.length;
    send(res, 200, { results });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) send(res, error.status, { error: error.message });
      else if (error instanceof RewardInputError) send(res, 422, { error: error.message });
      else if (error instanceof VerifierInfrastructureError) send(res, 503, { error: error.message, retry: true });
      else send(res, 500, { error: `reward: ${error.message}`, retry: true });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    scored: () => scored,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
    },
  };
}
