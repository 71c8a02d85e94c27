import { sha256Hex } from "./hash.js";
import { normalizeText } from "./normalize-text.js";
import type { Domain } from "../../schemas/problems.js";

/** Stable content id of a problem: the same statement in the same domain gets the same id anywhere. */
export function problemId(domain: Domain, prompt: string): string {
  return sha256Hex(`${domain}\n${normalizeText(prompt)}`).slice(0, 16);
}
