/** A CLI command: `rungs <name> ...argv`. Returns the exit code. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

export type ParseOptions = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string; default?: string | boolean }>;

/** One option's help line. */
export interface OptionHelp {
  flag: string;
  text: string;
}

export function formatHelp(usage: string, summary: string, options: OptionHelp[], extra = ""): string {
  const width = Math.max(...options.map((o) => o.flag.length), 10);
  return [
    `Usage: ${usage}`,
    "",
    summary,
    "",
    "Options:",
    ...options.map((o) => `  ${o.flag.padEnd(width)}  ${o.text}`),
    ...(extra ? ["", extra] : []),
    "",
  ].join("\n");
}
