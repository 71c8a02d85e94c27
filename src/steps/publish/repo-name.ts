import { UsageError } from "../../core/errors.js";

/** The Hub's repo name rule: letters, digits, `-`, `_`, `.`; no leading/trailing `-`/`.`, no `--` or `..`; at most 96 characters. */
const PART = /^(?![-.])(?!.*(--|\.\.))[A-Za-z0-9_.-]{1,96}(?<![-.])$/;

/** Checks a dataset repo id and returns it; `field` names where it came from for the error. */
export function parseRepoName(repo: unknown, field = "--repo"): string {
  const text = typeof repo === "string" ? repo.trim() : "";
  const parts = text.split("/");
  if (parts.length !== 2 || !parts.every((part) => PART.test(part))) {
    throw new UsageError(`publish: ${field} must be a dataset repo "owner/name" (letters, digits, - _ .), got ${JSON.stringify(repo ?? null)}`);
  }
  return text;
}
