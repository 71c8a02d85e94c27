import { createHash } from "node:crypto";

/**
 * The seed of the request for the chunk of samples starting at `chunkStart`: a fixed function of
 * (pipeline seed, problem, model, chunk start), so a resumed or early-stopped run asks the server
 * exactly what a full run asked. 31 bits: every server accepts it as a plain int.
 */
export function requestSeed(seed: number, problemId: string, model: string, chunkStart: number): number {
  const digest = createHash("sha256").update(`${seed}\u0000${problemId}\u0000${model}\u0000${chunkStart}`).digest();
  return digest.readUInt32BE(0) >>> 1;
}

/** Start of the aligned chunk holding `sampleIndex`. */
export function chunkStartOf(sampleIndex: number, requestSize: number): number {
  return sampleIndex - (sampleIndex % requestSize);
}
