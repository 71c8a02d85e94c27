/** Why curate removes a problem; each reason has its own quarantine file. */
export const CURATE_REASONS = ["invalid", "ungradable", "broken_tests", "weak_tests", "contaminated", "duplicate", "near_duplicate"] as const;
export type CurateReason = (typeof CURATE_REASONS)[number];

/** `curate-<reason>.jsonl`, inside the run's `quarantine/` folder. */
export function curateQuarantineFile(reason: CurateReason): string {
  return `curate-${reason}.jsonl`;
}
