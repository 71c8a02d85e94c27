import { open } from "node:fs/promises";

/** The last `lines` lines a log got since byte `from` (at most the last 64 KiB of them). */
export async function logTail(path: string, from = 0, lines = 20): Promise<string> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return "";
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(from, size - 65_536);
    const buffer = Buffer.alloc(Math.max(size - start, 0));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString("utf8").split("\n").filter((line, i, all) => line !== "" || i < all.length - 1).slice(-lines).join("\n").trimEnd();
  } finally {
    await handle.close();
  }
}
