import { dirname } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layer rule of DESIGN.md, checked on the real import graph (dependency-cruiser, with type-only
 * imports counted: a type import upward still ties a lower layer to a higher one).
 * Bottom → top; a file may import only its own layer or lower ones.
 */
const LAYERS: ReadonlyArray<{ name: string; match: RegExp }> = [
  { name: "schemas", match: /^schemas\// },
  { name: "core", match: /^src\/core\// },
  // The bundled sample's maker is a tool built from engines; no step or executor needs it.
  { name: "engines", match: /^src\/(engines\/|sample-data\/)/ },
  { name: "steps", match: /^src\/steps\// },
  { name: "pipeline", match: /^src\/pipeline\// },
  { name: "cli", match: /^src\/(cli\/|cli\.ts$|index\.ts$)/ },
];

function layerOf(path: string): number {
  return LAYERS.findIndex((layer) => layer.match.test(path));
}

/** `src/steps/<name>/…` → `<name>`; the shared contract `src/steps/step.ts` belongs to no step. */
function stepOf(path: string): string | undefined {
  return /^src\/steps\/([^/]+)\//.exec(path)?.[1];
}

type Edge = { from: string; to: string };

function edgesOf(result: ICruiseResult): Edge[] {
  return result.modules.flatMap((module) =>
    module.dependencies
      .filter((d) => !d.coreModule && !d.couldNotResolve && !/(^|\/)node_modules\//.test(d.resolved))
      .map((d) => ({ from: module.source, to: d.resolved })),
  );
}

/** Strongly connected components of size > 1 (Tarjan): each is one cycle family. */
function cycles(nodes: Iterable<string>, edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

/** One line per cycle: its members, and the imports that close it. */
function describeCycles(found: string[][], edges: Edge[], unit: (path: string) => string): string[] {
  return found.map((members) => {
    const inside = new Set(members);
    const links = edges
      .filter((e) => unit(e.from) !== unit(e.to) && inside.has(unit(e.from)) && inside.has(unit(e.to)))
      .map((e) => `    ${e.from} -> ${e.to}`);
    return `cycle between ${members.join(", ")}:\n${[...new Set(links)].join("\n")}`;
  });
}

function report(title: string, lines: string[]): string {
  return lines.length === 0 ? "" : `${title} (${lines.length}):\n  ${lines.join("\n  ")}`;
}

let edges: Edge[] = [];
let files: string[] = [];

beforeAll(async () => {
  const { output } = await cruise(
    ["src", "schemas"],
    { tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" }, exclude: { path: "node_modules" } },
    undefined,
    { tsConfig: { fileName: "tsconfig.json" } },
  );
  const result = output as ICruiseResult;
  files = result.modules.map((m) => m.source).filter((s) => !/node_modules/.test(s));
  edges = edgesOf(result);
}, 120_000);

describe("layers", () => {
  it("finds the source tree (the check is not vacuous)", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(edges.length).toBeGreaterThan(500);
  });

  it("puts every source file in a layer", () => {
    expect(files.filter((f) => /\.(ts|mts|js)$/.test(f) && layerOf(f) < 0), "files in no layer").toEqual([]);
  });

  it("has no upward import", () => {
    const upward = edges
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map((e) => `${e.from} (${LAYERS[layerOf(e.from)].name}) -> ${e.to} (${LAYERS[layerOf(e.to)].name})`);
    expect(report("upward imports", upward)).toBe("");
  });

  it("has no step importing another step", () => {
    const crossed = edges
      .filter((e) => stepOf(e.from) && stepOf(e.to) && stepOf(e.from) !== stepOf(e.to))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(report("step imports another step", crossed)).toBe("");
  });

  it("has no import from core into the engines", () => {
    const fromCore = edges.filter((e) => LAYERS[layerOf(e.from)]?.name === "core" && /^src\/engines\//.test(e.to));
    expect(report("core imports an engine", fromCore.map((e) => `${e.from} -> ${e.to}`))).toBe("");
  });

  it("has no import cycle between files", () => {
    const found = cycles(files, edges);
    expect(report("file cycles", describeCycles(found, edges, (p) => p))).toBe("");
  });

  it("has no import cycle between folders", () => {
    const folderEdges = edges.map((e) => ({ from: dirname(e.from), to: dirname(e.to) })).filter((e) => e.from !== e.to);
    const found = cycles(new Set(files.map((f) => dirname(f))), folderEdges);
    expect(report("folder cycles", describeCycles(found, edges, dirname))).toBe("");
  });
});
