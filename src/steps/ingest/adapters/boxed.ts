const BOX_COMMANDS = ["\\boxed", "\\fbox"];

/**
 * The content of the last `\boxed{...}` (or `\fbox{...}`) in a text, brace-aware (`\boxed{\frac{1}{2}}`),
 * also `\boxed 5` without braces. Null when there is none or its braces never close.
 */
export function lastBoxed(text: string): string | null {
  let at = -1;
  let command = "";
  for (const c of BOX_COMMANDS) {
    const i = text.lastIndexOf(c);
    if (i > at) [at, command] = [i, c];
  }
  while (at >= 0) {
    const content = boxedContentAt(text, at + command.length);
    if (content !== null) return content.trim();
    // An unclosed box: try the previous one.
    let prev = -1;
    for (const c of BOX_COMMANDS) {
      const i = text.lastIndexOf(c, at - 1);
      if (i > prev) [prev, command] = [i, c];
    }
    at = prev;
  }
  return null;
}

function boxedContentAt(text: string, start: number): string | null {
  let i = start;
  // `\boxed` followed by a letter is another command (e.g. `\boxedsymbol`).
  if (/[A-Za-z]/.test(text[i] ?? "")) return null;
  while (text[i] === " ") i++;
  if (text[i] !== "{") {
    if (i === start) return null;
    const m = /^[^\s$]+/.exec(text.slice(i));
    return m ? m[0] : null;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === "\\") {
      j++; // an escaped brace `\{` does not count
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return text.slice(i + 1, j);
    }
  }
  return null;
}
