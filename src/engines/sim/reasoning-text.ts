import type { SimRandom } from "./sim-random.js";

const COMMON = [
  "Okay, let me think about this carefully.",
  "Wait, let me double-check that step.",
  "Hmm, that doesn't look right; let me reconsider.",
  "So far so good.",
  "Let me verify this with a small case.",
  "Alternatively, I could approach it from the other direction.",
  "That seems consistent with what I found earlier.",
  "Let me write that down more carefully.",
];
const MATH = [
  "First, I'll restate the problem in terms of the unknowns.",
  "Substituting back, the equation simplifies to a linear relation.",
  "If I factor the expression, the common term cancels out.",
  "By symmetry, the two cases contribute equally.",
  "Using the identity $a^2 - b^2 = (a-b)(a+b)$, this becomes easier.",
  "The sum telescopes, leaving only the first and last terms.",
  "Taking the ratio of consecutive terms gives a constant factor.",
  "So the total count is the product of the independent choices.",
  "Squaring both sides, I need to watch for extraneous roots.",
  "Plugging in $x = 1$ as a sanity check gives the expected value.",
];
const CODE = [
  "The input size suggests an O(n log n) solution is needed.",
  "A hash map lets me look up previous values in constant time.",
  "I need to handle the edge case where the list is empty.",
  "Sorting first makes the two-pointer scan straightforward.",
  "Dynamic programming over prefixes should work here.",
  "Reading all of stdin at once is faster than line by line.",
  "Let me trace the sample input through the algorithm.",
  "Off-by-one errors are likely at the boundaries, so I'll check them.",
];

/** Filler reasoning of about `chars` characters, built from a sentence pool (cheap: the sim must be fast). */
export function reasoningText(rng: SimRandom, domain: "math" | "code", chars: number): string {
  const pool = domain === "math" ? MATH : CODE;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const sentence = rng.next() < 0.35 ? rng.pick(COMMON) : rng.pick(pool);
    const piece = rng.next() < 0.15 ? `${sentence}\n\n` : `${sentence} `;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join("").slice(0, chars);
}
