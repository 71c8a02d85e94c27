import { InterruptedError } from "../core/errors.js";

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Runs `body` with an AbortSignal that the first Ctrl-C / SIGTERM aborts, so the running step
 * stores what finished and stops; a second one exits at once (exit handlers still release locks).
 * Returns 130 when interrupted, after printing what the step kept.
 */
export async function runInterruptible(name: string, body: (signal: AbortSignal) => Promise<number>, stream: NodeJS.WritableStream = process.stderr): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stream.write(`${name}: stopped at once (second ${signal})\n`);
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    stream.write(`\n${name}: stopping after storing what has finished (${signal} again to stop at once)\n`);
    controller.abort(new Error(`${name}: interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await body(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    stream.write(error instanceof InterruptedError ? `${error.message}\n` : `${name}: interrupted; rerun to resume\n`);
    return INTERRUPTED_EXIT_CODE;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
