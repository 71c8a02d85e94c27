import { createReadStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { openFileAtomic, type AtomicFile } from "../core/atomic-file.js";

export interface MapJsonlFileOptions {
  input: string;
  /** Output file, written under a temporary name and renamed at the end. @default stdout */
  output?: string;
  /** Lines in flight at once: enough to keep every worker busy while output stays in input order. */
  window: number;
  /** Maps one JSON-object line (1-based number) to its output line, without the newline, or null to write nothing. */
  map(row: Record<string, unknown>, lineNumber: number): Promise<string | null>;
  /** What to write for a line that is not a JSON object: an output line, or null to write nothing. */
  malformed(lineNumber: number, message: string): string | null;
}

/**
 * JSONL in, JSONL out, in input order: each line is mapped concurrently, at most `window` at once.
 * Throws when the input cannot be read or the output cannot be written; a bad line never stops the rest.
 */
export async function mapJsonlFile({ input, output, window, map, malformed }: MapJsonlFileOptions): Promise<void> {
  const file: AtomicFile | null = output ? await openFileAtomic(output) : null;
  try {
    await mapLines({ input, window, map, malformed }, async (text) => {
      if (file) await file.write(text);
      else if (!process.stdout.write(text)) await once(process.stdout, "drain");
    });
    await file?.commit();
  } finally {
    await file?.abort(); // a failed run leaves neither a partial output nor its temporary file
  }
}

async function mapLines({ input, window, map, malformed }: Omit<MapJsonlFileOptions, "output">, write: (text: string) => Promise<void>): Promise<void> {
  const pending: Array<Promise<string | null>> = [];
  const flush = async (keep: number) => {
    const chunk: string[] = [];
    while (pending.length > keep) {
      const line = await pending.shift()!;
      if (line !== null) chunk.push(`${line}\n`);
    }
    if (chunk.length) await write(chunk.join(""));
  };
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === "") continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(text) as Record<string, unknown>;
      if (row === null || typeof row !== "object" || Array.isArray(row)) throw new Error("not a JSON object");
    } catch (error) {
      pending.push(Promise.resolve(malformed(lineNumber, (error as Error).message)));
      continue;
    }
    pending.push(map(row, lineNumber));
    if (pending.length >= window) await flush(window / 2);
  }
  await flush(0);
}
