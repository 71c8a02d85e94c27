/** A validation score at a trainer step. */
export interface ScorePoint {
  step: number;
  score: number;
}

export interface StageStop {
  plateau: { window: number; minGain: number; metric: string } | null;
  maxSteps: number | null;
}

export type StageVerdict = { advance: false } | { advance: true; reason: "plateau" | "max_steps"; detail: string };

/**
 * Whether a stage should end now. Plateau: with scores s1..sk and k > window, the best of the last
 * `window` scores beats the best before them by less than `minGain`. Step budget: the trainer reached
 * `maxSteps`. Checked after every metrics line, so the stage ends at the first step where a rule holds.
 */
export function stageVerdict(scores: readonly ScorePoint[], lastStep: number, stop: StageStop): StageVerdict {
  if (stop.plateau && scores.length > stop.plateau.window) {
    const { window, minGain } = stop.plateau;
    const before = Math.max(...scores.slice(0, scores.length - window).map((s) => s.score));
    const recent = Math.max(...scores.slice(scores.length - window).map((s) => s.score));
    if (recent - before < minGain) {
      return {
        advance: true,
        reason: "plateau",
        detail: `validation score plateaued: best of the last ${window} validations ${recent.toFixed(4)} vs ${before.toFixed(4)} before (gain < ${minGain})`,
      };
    }
  }
  if (stop.maxSteps !== null && lastStep >= stop.maxSteps) {
    return { advance: true, reason: "max_steps", detail: `step budget spent (${lastStep} >= ${stop.maxSteps})` };
  }
  return { advance: false };
}
