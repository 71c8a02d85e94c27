import type { DuckDBConnection } from "@duckdb/node-api";
import { judgeVerdictsTable, type JudgeVerdictRow } from "../../../schemas/judge-verdicts.js";
import type { Verdict } from "../../../schemas/rollouts.js";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import { tableSource, writeParquetPart } from "../../core/table-store.js";
import { JudgeClient, type JudgeAnswer } from "../../engines/judge/judge-client.js";
import { correctSampleDrawSql, judgeCacheKey, judgedAnswerOf, type JudgedAnswer } from "../../engines/judge/judge-keys.js";
import type { ResolvedJudge } from "../../engines/judge/resolve-judge.js";
import { startSimServer, type SimServer } from "../../engines/sim/sim-server.js";

export interface JudgeRolloutsOptions {
  connection: DuckDBConnection;
  run: RunFolder;
  judge: ResolvedJudge;
  progress?: ProgressListener;
  signal?: AbortSignal;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

export interface JudgeRolloutsResult {
  /** Rollouts the judge should see (reviewed verdicts, sampled correct ones) with a gold and an answer. */
  candidates: number;
  /** Of them, already stored for this rollout and answer. */
  stored: number;
  /** Rows written from the cache (same judge, prompt, gold and answer judged before): no request. */
  cacheHits: number;
  /** Requests sent (one per distinct cache key). */
  requests: number;
  /** Rows written from those requests. */
  judged: number;
  /** Rollouts with neither an extracted answer nor a kept completion: nothing to show the judge. */
  unreviewable: number;
  /** Retried failures (server faults) on the way: never stored as opinions. */
  retries: number;
}

interface Candidate {
  problem_id: string;
  model: string;
  sample_index: number;
  verdict: Verdict;
  extracted: string | null;
  completion: string | null;
  completion_sha256: string;
  gold: string;
}

/** Distinct answers asked per batch (at least; more when the endpoints take more in flight): each batch is written as one part before the next is sent. */
const BATCH = 256;

/**
 * Asks the judge about the rollouts it reviews that have no stored opinion yet: the rule verdicts in
 * `reviews` and a seeded sample of `correct` ones (math problems with a gold only). Answers already judged
 * (same cache key) are copied, not asked again. Writes `judge_verdicts/` parts batch by batch, so a run
 * stopped by a server that stays down keeps what it had; the failure is thrown, never stored.
 */
export async function judgeRollouts({ connection: db, run, judge, progress = noProgress, signal, fetch }: JudgeRolloutsOptions): Promise<JudgeRolloutsResult> {
  const result: JudgeRolloutsResult = { candidates: 0, stored: 0, cacheHits: 0, requests: 0, judged: 0, unreviewable: 0, retries: 0 };
  const problems = await tableSource(run.tableDir("problems"));
  const rollouts = await tableSource(run.tableDir("rollouts"));
  if (!problems || !rollouts) return result;
  const reviews = judge.reviews.length ? judge.reviews.map(sqlString).join(", ") : "NULL";
  // The completion only where the judge needs it (nothing extracted); the statement once per problem, when asked.
  const rows = await queryRows<Candidate>(
    db,
    `SELECT r.problem_id, r.model, r.sample_index, r.verdict, r.extracted, CASE WHEN coalesce(trim(r.extracted), '') = '' THEN r.completion END AS completion,
       r.completion_sha256, p.answer AS gold
     FROM ${rollouts} r JOIN ${problems} p ON p.id = r.problem_id
     WHERE p.domain = 'math' AND p.answer IS NOT NULL
       AND (r.verdict IN (${reviews}) OR (r.verdict = 'correct' AND ${correctSampleDrawSql(judge.seed)} < ${judge.sampleCorrect}))
     ORDER BY r.problem_id, r.model, r.sample_index`,
  );
  const table = run.tableDir(judgeVerdictsTable.name);
  const storedRows = await existingVerdicts(db, await tableSource(table), judge);
  const cache = new Map(storedRows.map((r) => [r.cache_key, r]));
  const storedFor = new Set(storedRows.map((r) => rowKey(r, r.cache_key)));
  const now = () => new Date().toISOString();
  const rowOf = (c: Candidate, answer: JudgedAnswer, key: string, from: Pick<JudgeVerdictRow, "opinion" | "judge_output">, asked?: JudgeAnswer): JudgeVerdictRow => ({
    problem_id: c.problem_id,
    model: c.model,
    sample_index: c.sample_index,
    judge_model: judge.model,
    prompt_version: judge.prompt.version,
    cache_key: key,
    rule_verdict: c.verdict,
    reviewed_because: c.verdict === "correct" ? "correct_sample" : "rule_rejected",
    gold: c.gold,
    answer_kind: answer.kind,
    answer: answer.text,
    completion_sha256: c.completion_sha256,
    opinion: from.opinion,
    judge_output: from.judge_output,
    cached: asked === undefined,
    endpoint: asked?.endpoint ?? null,
    latency_ms: asked?.latencyMs ?? null,
    created_at: now(),
  });

  const fromCache: JudgeVerdictRow[] = [];
  const toAsk = new Map<string, { answer: JudgedAnswer; candidates: Candidate[] }>();
  for (const c of rows) {
    const answer = judgedAnswerOf(c);
    if (!answer) {
      result.unreviewable++;
      continue;
    }
    result.candidates++;
    const key = judgeCacheKey(judge.model, judge.prompt.version, c.gold, answer);
    if (storedFor.has(rowKey(c, key))) result.stored++;
    else if (cache.has(key)) fromCache.push(rowOf(c, answer, key, cache.get(key)!));
    else if (toAsk.has(key)) toAsk.get(key)!.candidates.push(c);
    else toAsk.set(key, { answer, candidates: [c] });
  }
  if (fromCache.length) await writeParquetPart(table, judgeVerdictsTable, fromCache);
  result.cacheHits = fromCache.length;
  if (toAsk.size === 0) return result;

  const { endpoints, server } = await judgeEndpoints(judge);
  let client: JudgeClient | undefined;
  try {
    client = new JudgeClient(judge, endpoints, { signal, fetch, onRetry: () => result.retries++ });
    await client.check();
    const batchSize = Math.max(BATCH, 4 * judge.concurrency * endpoints.length);
    const pending = [...toAsk.entries()];
    const statements = await problemStatements(db, problems, [...new Set(pending.map(([, { candidates }]) => candidates[0].problem_id))]);
    const emit = () => progress({ step: "grade", unit: "judged answers", label: judge.model, done: result.requests, total: pending.length, counters: { retries: result.retries } });
    emit();
    for (let start = 0; start < pending.length; start += batchSize) {
      const batch = pending.slice(start, start + batchSize);
      const settled = await Promise.allSettled(
        batch.map(([, { answer, candidates: [first] }]) =>
          client!.ask({ problem: statements.get(first.problem_id) ?? "", gold: first.gold, answer: answer.text }, { problemId: first.problem_id, text: `judge of ${first.model} sample ${first.sample_index}` }, signal),
        ),
      );
      const written: JudgeVerdictRow[] = [];
      settled.forEach((outcome, i) => {
        if (outcome.status !== "fulfilled") return;
        const [key, { answer, candidates }] = batch[i];
        result.requests++;
        const verdict = { opinion: outcome.value.opinion, judge_output: outcome.value.output };
        candidates.forEach((c, j) => written.push(rowOf(c, answer, key, verdict, j === 0 ? outcome.value : undefined)));
      });
      if (written.length) await writeParquetPart(table, judgeVerdictsTable, written);
      result.judged += written.length;
      emit();
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) throw failed.reason;
    }
  } finally {
    await client?.close();
    await server?.close();
  }
  return result;
}

/** Problem statements by id, for the problems whose answers are asked about. */
async function problemStatements(db: DuckDBConnection, problems: string, ids: string[]): Promise<Map<string, string>> {
  await db.run("CREATE OR REPLACE TABLE judge_problem_ids (id VARCHAR)");
  const appender = await db.createAppender("judge_problem_ids");
  for (const id of ids) {
    appender.appendVarchar(id);
    appender.endRow();
  }
  appender.closeSync();
  const rows = await queryRows<{ id: string; prompt: string }>(db, `SELECT p.id, p.prompt FROM ${problems} p SEMI JOIN judge_problem_ids i ON i.id = p.id`);
  await db.run("DROP TABLE judge_problem_ids");
  return new Map(rows.map((r) => [r.id, r.prompt]));
}

function rowKey(r: { problem_id: string; model: string; sample_index: number }, key: string): string {
  return `${r.problem_id}\u0000${r.model}\u0000${r.sample_index}\u0000${key}`;
}

async function existingVerdicts(db: DuckDBConnection, source: string | undefined, judge: ResolvedJudge): Promise<Pick<JudgeVerdictRow, "problem_id" | "model" | "sample_index" | "cache_key" | "opinion" | "judge_output">[]> {
  if (!source) return [];
  return queryRows(
    db,
    `SELECT problem_id, model, sample_index, cache_key, opinion, judge_output FROM ${source}
     WHERE judge_model = ${sqlString(judge.model)} AND prompt_version = ${sqlString(judge.prompt.version)} ORDER BY created_at`,
  );
}

/** The judge's endpoints, with `sim://` replaced by an in-process simulated judge on loopback. */
async function judgeEndpoints(judge: ResolvedJudge): Promise<{ endpoints: string[]; server?: SimServer }> {
  if (!judge.endpoints.some((url) => url.startsWith("sim:"))) return { endpoints: judge.endpoints };
  const server = await startSimServer({ problems: [], models: [], latency: 0, judges: [{ name: judge.servedName, ...judge.sim }] });
  return { endpoints: judge.endpoints.map((url) => (url.startsWith("sim:") ? server.url : url)), server };
}
