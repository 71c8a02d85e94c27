import { hashUnit } from "../src/core/hash.js";

/** The paper's four reference models as simulated in the adaptive-sampling benchmarks (skill on the 1..10 scale). */
export const MODELS = [
  { role: "1.5b", id: "sim-1.5b", skill: 3.5, meanTokens: 450 },
  { role: "7b", id: "sim-7b", skill: 5.5, meanTokens: 400 },
  { role: "32b", id: "sim-32b", skill: 7.5, meanTokens: 350 },
  { role: "r1", id: "sim-r1", skill: 9.5, meanTokens: 300 },
];
export const ROLES = Object.fromEntries(MODELS.map((m) => [m.role, m.id]));

/** Latent difficulty skewed to easy (1..10): most problems are easy for R1, spread for the small models. */
export function difficulty(id: string): number {
  return 1 + 9 * hashUnit(`bench-difficulty:${id}`) ** 1.6;
}
