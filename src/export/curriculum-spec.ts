/** One training stage of a curriculum: which levels and domains, and how to train on them. */
export interface CurriculumStage {
  name: string;
  levels: string[];
  domains?: ("math" | "code")[];
  [key: string]: unknown;
}

export interface CurriculumSpec {
  stages: CurriculumStage[];
  [key: string]: unknown;
}
