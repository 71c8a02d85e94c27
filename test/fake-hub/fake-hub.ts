/**
 * A local fake of the Hugging Face Hub on loopback, for tests: @huggingface/hub is pointed at it with
 * `hubUrl`. Repos live in memory. Routes are registered by read-routes.ts (listing, file download,
 * dataset info) and write-routes.ts (repo creation, preupload, LFS batch, commit).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRepo {
  type: "dataset" | "model" | "space";
  /** "owner/name" */
  name: string;
  private: boolean;
  /** revision (branch) → path → file bytes */
  branches: Map<string, Map<string, Uint8Array>>;
  /** commit history, newest last: the branch each commit went to and its oid */
  commits: { oid: string; branch: string; title: string; paths: string[] }[];
}

export interface FakeHubRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  hub: FakeHub;
}

/** A route returns true when it handled the request. */
export type FakeHubRoute = (request: FakeHubRequest) => boolean | Promise<boolean>;

export interface FakeHubOptions {
  /** Tokens the hub accepts (Bearer). A request with another token gets 401. @default ["hf_test_token"] */
  tokens?: string[];
  routes?: FakeHubRoute[];
}

export class FakeHub {
  readonly repos = new Map<string, FakeRepo>();
  /** Every request seen (method, path, whether it carried a token), for assertions. */
  readonly requests: { method: string; path: string; authorized: boolean }[] = [];
  readonly tokens: Set<string>;
  private server?: Server;
  private routes: FakeHubRoute[];
  url = "";

  constructor({ tokens = ["hf_test_token"], routes = [] }: FakeHubOptions = {}) {
    this.tokens = new Set(tokens);
    this.routes = routes;
  }

  addRoutes(...routes: FakeHubRoute[]): this {
    this.routes.push(...routes);
    return this;
  }

  repoKey(type: FakeRepo["type"], name: string): string {
    return `${type}s/${name}`;
  }

  /** Creates (or returns) a repo and puts files on a branch. */
  putFiles(type: FakeRepo["type"], name: string, files: Record<string, string | Uint8Array>, branch = "main"): FakeRepo {
    const key = this.repoKey(type, name);
    let repo = this.repos.get(key);
    if (!repo) {
      repo = { type, name, private: false, branches: new Map([["main", new Map()]]), commits: [] };
      this.repos.set(key, repo);
    }
    const tree = repo.branches.get(branch) ?? new Map<string, Uint8Array>();
    repo.branches.set(branch, tree);
    for (const [path, content] of Object.entries(files)) tree.set(path, typeof content === "string" ? new TextEncoder().encode(content) : content);
    return repo;
  }

  /** The bearer token of a request, or undefined. */
  tokenOf(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    return header?.startsWith("Bearer ") ? header.slice(7) : undefined;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.url);
    const token = this.tokenOf(req);
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, authorized: token !== undefined });
    if (token !== undefined && !this.tokens.has(token)) {
      sendJson(res, 401, { error: "Invalid credentials in Authorization header" });
      return;
    }
    try {
      for (const route of this.routes) if (await route({ req, res, url, body: Buffer.concat(chunks), hub: this })) return;
      sendJson(res, 404, { error: `fake hub: no route for ${req.method} ${url.pathname}` });
    } catch (error) {
      sendJson(res, 500, { error: `fake hub: ${(error as Error).message}` });
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
