/** Progress of a long operation. The library emits these; the CLI draws them. */
export interface ProgressEvent {
  /** Step or operation name, e.g. "ingest", "sample". */
  step: string;
  /** What is counted, e.g. "rows", "rollouts". */
  unit: string;
  /** Optional sub-task label (a source, a model). */
  label?: string;
  done: number;
  /** Total when known. */
  total?: number;
  /** Extra counters to show (errors, retries, tokens). */
  counters?: Record<string, number>;
  /** A one-line message worth showing (a warning, a phase change). */
  message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

export const noProgress: ProgressListener = () => {};
