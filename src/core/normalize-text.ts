/**
 * Canonical text of a problem statement: Unicode NFKC, unified line breaks, no trailing spaces,
 * runs of blank lines and spaces collapsed, trimmed. Used for ids and exact dedup.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[ \t\f\v\u00A0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
