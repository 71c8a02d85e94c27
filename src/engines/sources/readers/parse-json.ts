/** JSON.parse that returns the error text (with line and column when Node reports a position). */
export function parseJsonValue(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (!position) return { error: `invalid JSON (${message})` };
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    const detail = message.replace(/ in JSON at position \d+.*$/, "").replace(/^Unexpected/, "unexpected");
    return { error: `invalid JSON at line ${line} column ${column} (${detail})` };
  }
}
