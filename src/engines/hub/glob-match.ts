/**
 * Matches repo paths against Hub-style globs (`data/train-*`, `**` + `/*.parquet`, `{a,b}`): the card
 * YAML's `data_files` patterns. `*` stays inside one folder, `**` crosses folders.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        const slash = pattern[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else out += "[^/]*";
    } else if (ch === "?") out += "[^/]";
    else if (ch === "[" && pattern.indexOf("]", i) > i) {
      const end = pattern.indexOf("]", i);
      out += pattern.slice(i, end + 1);
      i = end;
    } else out += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** `a/{b,c}/*` → `a/b/*`, `a/c/*`. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf("{");
  const close = open < 0 ? -1 : pattern.indexOf("}", open);
  if (close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  return pattern
    .slice(open + 1, close)
    .split(",")
    .flatMap((alt) => expandBraces(`${head}${alt}${tail}`));
}

/** The paths matching any of the patterns, sorted. */
export function matchPaths(paths: readonly string[], patterns: string | readonly string[]): string[] {
  const res = (typeof patterns === "string" ? [patterns] : patterns).flatMap(expandBraces).map((p) => globToRegExp(p.replace(/^\.?\//, "")));
  return paths.filter((p) => res.some((re) => re.test(p))).sort();
}
