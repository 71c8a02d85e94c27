/** A declarative staging policy (rules over per-model metrics); see src/stage for its semantics. */
export interface PolicySpec {
  name: string;
  description?: string;
  /** Model roles → model ids, e.g. { small: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" }. */
  roles?: Record<string, string>;
  [key: string]: unknown;
}
