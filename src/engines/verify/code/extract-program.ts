import { languageOfTag } from "./languages.js";

const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)^[ \t]*\1[ \t]*$/gm;

/** A program found in a response, with the tag of its fenced block ("" when unlabelled or bare). */
export interface ExtractedProgram {
  code: string;
  tag: string;
}

/**
 * The program in a model response: the last fenced block in a language rungs runs (or unlabelled), so a final
 * ```text example or ```bash run line does not hide it; else the last block in another programming language
 * (graded as `unsupported_language`); else the last block; else the whole response when it is a bare program.
 * Returns null when there is no code.
 */
export function extractCode(response: string): ExtractedProgram | null {
  if (typeof response !== "string") return null;
  const text = response.replace(/\r\n/g, "\n");
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ tag: m[2]!.toLowerCase(), code: m[3]! }));
  const runnable = (b: ExtractedProgram) => b.tag === "" || (languageOfTag(b.tag) ?? "unsupported") !== "unsupported";
  const code = blocks.filter(runnable).at(-1) ?? blocks.filter((b) => languageOfTag(b.tag) === "unsupported").at(-1) ?? blocks.at(-1);
  if (code) return code.code.trim() ? code : null;
  // An unclosed fence at the end: the response was cut, take what follows the fence.
  const open = /^[ \t]*```([\w+#.-]*)[^\n]*\n([\s\S]*)$/m.exec(text);
  if (open?.[2]?.trim()) return { code: open[2], tag: open[1]!.toLowerCase() };
  return text.trim() ? { code: text, tag: "" } : null;
}

/** The program text only (see extractCode). */
export function extractProgram(response: string): string | null {
  return extractCode(response)?.code ?? null;
}
