/**
 * Cleans a stored prompt or answer: Unicode NFC, LF line breaks, no zero-width characters or
 * non-breaking spaces, no trailing spaces, at most one blank line in a row, trimmed.
 * Gentler than `normalizeText` (which keys ids and exact dedup) on purpose: NFKC would turn `x²`
 * into `x2` and collapsing spaces would flatten indented code in code prompts.
 */
export function cleanText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[\u00A0\u202F]/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
