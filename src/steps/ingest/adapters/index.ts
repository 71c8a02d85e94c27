import { InputError } from "../../../core/errors.js";
import type { LayoutAdapter } from "./adapter.js";
import { amDifficultyAdapter } from "./am-difficulty.js";
import { appsAdapter } from "./apps.js";
import { bigMathAdapter } from "./big-math.js";
import { codeContestsAdapter } from "./code-contests.js";
import { deepscalerAdapter } from "./deepscaler.js";
import { livecodebenchAdapter } from "./livecodebench.js";
import { numinaAdapter } from "./numina.js";
import { rungsAdapter } from "./rungs.js";
import { tacoAdapter } from "./taco.js";
import { eurusAdapter, verlAdapter } from "./verl.js";

/** Every built-in layout by name. */
export const ADAPTERS: Record<string, LayoutAdapter> = Object.fromEntries(
  [numinaAdapter, eurusAdapter, deepscalerAdapter, bigMathAdapter, amDifficultyAdapter, tacoAdapter, appsAdapter, codeContestsAdapter, livecodebenchAdapter, verlAdapter, rungsAdapter].map((a) => [a.name, a]),
);

/**
 * Order `auto` tries layouts in: the most specific column sets first (TACO before APPS, Big-Math and
 * AM before DeepScaleR, NuminaMath before DeepScaleR), so a superset layout wins.
 */
const DETECT_ORDER = [rungsAdapter, verlAdapter, livecodebenchAdapter, codeContestsAdapter, tacoAdapter, appsAdapter, bigMathAdapter, amDifficultyAdapter, numinaAdapter, deepscalerAdapter];

/** The layout a row's columns are in, or an error listing the columns and the adapters to choose from. */
export function detectLayout(columns: Iterable<string>, where: string): LayoutAdapter {
  const set = new Set(columns);
  const found = DETECT_ORDER.find((a) => a.detect(set));
  if (found) return found;
  throw new InputError(
    `ingest: ${where}: cannot detect the dataset layout from its columns (${[...set].join(", ") || "none"}); ` +
      `set the source's adapter to one of ${Object.keys(ADAPTERS).join(", ")}, or to a function (row) => ({ domain, prompt, answer, ... })`,
    where,
  );
}

/** A built-in adapter by name, or an error listing the names. */
export function adapterByName(name: string): LayoutAdapter | "auto" {
  if (name === "auto") return "auto";
  const adapter = ADAPTERS[name];
  if (!adapter) throw new InputError(`ingest: unknown adapter ${JSON.stringify(name)}; expected one of auto, ${Object.keys(ADAPTERS).join(", ")}, or a function`);
  return adapter;
}

export type { LayoutAdapter } from "./adapter.js";
