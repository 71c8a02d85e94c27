/**
 * `\boxed{}` / `\fbox{}` answers. The last box is the answer; boxes just before it, separated only by
 * connectives (`,`, "and", `\quad`, `$`, a label such as `x_2 =`), are part of it: `\boxed{1}, \boxed{2}`
 * answers `1, 2`.
 */

/** A gap this long or longer between two boxes is reasoning, not a separator. */
const MAX_GAP = 60;
/** What may stand between the boxes of one answer. */
const SEPARATOR =
  /^(?:\s|[,;&$]|\\[,;:! ]|\\q?quad(?![a-zA-Z])|\\[()[\]]|\\(?:text|mathrm)\s*\{\s*(?:,|and|or)?\s*\}|\b(?:and|or)\b|[a-zA-Z](?:_\{?\w+\}?)?\s*=)*$/;

interface Box {
  start: number;
  end: number;
  content: string;
}

/** Content of the last complete box, joined with the boxes right before it that belong to the same answer. */
export function finalBoxes(text: string): string | null {
  const last = outermostBox(text, text.length);
  if (!last) return null;
  const parts = [last.content];
  let current = last;
  for (let n = 0; n < 32; n++) {
    // the common path: no box ends just before this one, so there is nothing to join
    if (!text.slice(Math.max(0, current.start - MAX_GAP), current.start).includes("}")) break;
    const before = outermostBox(text, current.start - 1);
    if (!before || current.start - before.end > MAX_GAP || !SEPARATOR.test(text.slice(before.end, current.start))) break;
    parts.unshift(before.content);
    current = before;
  }
  return parts.length === 1 ? parts[0] : parts.map((p) => p.trim()).join(", ");
}

/** The last box starting at or before `end`; when boxes enclose it (`\boxed{\boxed{5}, \boxed{6}}`), the outermost, read through its inner boxes. */
function outermostBox(text: string, end: number): Box | null {
  let box = previousBox(text, end);
  for (let n = 0; box && n < 8; n++) {
    if (!/^\s*\}/.test(text.slice(box.end, box.end + 20))) break; // the common path: no brace closes around it
    const outer = previousBox(text, box.start - 1);
    if (!outer || outer.end < box.end) break;
    box = { ...outer, content: finalBoxes(outer.content) ?? outer.content };
  }
  return box;
}

/** Content of the last complete `\boxed{...}` / `\fbox{...}` / `\boxed 5`, or null. */
export function lastBoxed(text: string): string | null {
  return previousBox(text, text.length)?.content ?? null;
}

/** The last complete box starting at or before `end`. */
function previousBox(text: string, end: number): Box | null {
  for (let from = end; from >= 0; ) {
    const at = Math.max(text.lastIndexOf("\\boxed", from), text.lastIndexOf("\\fbox", from));
    if (at < 0) return null;
    const name = text.startsWith("\\boxed", at) ? "\\boxed" : "\\fbox";
    const box = boxAt(text, at, at + name.length);
    if (box) return box;
    from = at - 1; // truncated or malformed box: try the one before
  }
  return null;
}

function boxAt(text: string, start: number, from: number): Box | null {
  let i = from;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  if (text[i] === "{") {
    const content = balancedGroup(text, i);
    return content === null ? null : { start, end: i + content.length + 2, content };
  }
  if (i === from) return null; // `\boxedx` is another command
  const match = /^[^\s$]+/.exec(text.slice(i, i + 200));
  return match ? { start, end: i + match[0].length, content: match[0] } : null;
}

/** The content of the brace group opening at `open`, or null when it never closes. */
export function balancedGroup(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++; // an escaped brace does not count
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}
