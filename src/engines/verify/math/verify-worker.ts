/** Worker thread body: verifies the pairs the pool sends, one message each. */
import { parentPort } from "node:worker_threads";
import { verifyMath } from "./verify-math.js";
import type { VerifyMathOptions } from "./types.js";

export interface WorkerRequest {
  id: number;
  gold: string;
  response: string;
  options?: VerifyMathOptions;
}

const port = parentPort;
if (port) {
  port.on("message", (request: WorkerRequest | { close: true }) => {
    if ("close" in request) return process.exit(0); // ends this thread only
    port.postMessage({ id: request.id, verdict: verifyMath(request.gold, request.response, request.options) });
  });
  port.postMessage({ ready: true });
}
