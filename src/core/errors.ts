/** The user gave something rungs cannot use (bad option, bad file, bad row). Message names the file/line/field. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A row does not match its table contract. */
export class ContractError extends Error {
  override name = "ContractError";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** An input file cannot be read or parsed; names the file and, where known, the line or row. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The model server is unreachable or keeps failing: stop this shard, keep what is done. */
export class LlmServerError extends Error {
  override name = "LlmServerError";
  constructor(
    message: string,
    readonly endpoint?: string,
  ) {
    super(message);
  }
}

/** One problem failed to sample (bad request for it); carries the problem id. */
export class SampleError extends Error {
  override name = "SampleError";
  constructor(
    message: string,
    readonly problemId: string,
    readonly payload?: unknown,
  ) {
    super(message);
  }
}

/** A step that a later issue builds; the pipeline runner skips it with a note. */
export class NotBuiltYetError extends Error {
  override name = "NotBuiltYetError";
}

/**
 * A step stopped by Ctrl-C / SIGTERM (its AbortSignal) after storing what had finished. The message
 * says what was kept, e.g. `sample: interrupted; stored 312 finished rollouts, rerun to resume`.
 */
export class InterruptedError extends Error {
  override name = "InterruptedError";
}

/** The disk is full (ENOSPC, or a write that stored fewer bytes than it was given): names the file. */
export class DiskFullError extends Error {
  override name = "DiskFullError";
  constructor(
    readonly file: string,
    detail?: string,
  ) {
    super(`no space left on device: cannot write ${file}${detail ? ` (${detail})` : ""}`);
  }
}
