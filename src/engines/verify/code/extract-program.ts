const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;
const CODE_LANGS = new Set(["", "python", "python3", "py", "py3", "cpp", "c++", "cc"]);

/**
 * The program in a model response: the last fenced code block (preferring Python/unlabelled blocks
 * over, say, a final ```text example), else the whole response when it parses as a bare program.
 * Returns null when there is no code.
 */
export function extractProgram(response: string): string | null {
  if (typeof response !== "string") return null;
  const text = response.replace(/\r\n/g, "\n");
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ lang: m[2]!.toLowerCase(), code: m[3]! }));
  const code = blocks.filter((b) => CODE_LANGS.has(b.lang)).at(-1) ?? blocks.at(-1);
  if (code) return code.code.trim() ? code.code : null;
  // An unclosed fence at the end: the response was cut, take what follows the fence.
  const open = /^[ \t]*```[\w+#.-]*[^\n]*\n([\s\S]*)$/m.exec(text);
  if (open?.[1]?.trim()) return open[1];
  return text.trim() ? text : null;
}
