/** Stored with each rollout so a verdict can be traced to the verifier that gave it; bump on any verdict change. */
export const MATH_VERIFIER_VERSION = "rungs-math@2.0.0";
