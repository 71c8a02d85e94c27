/**
 * Publish: building the Hub folder for a run, uploading it to the fake Hub on loopback, and
 * republishing it unchanged (which must send no file and make no commit).
 * Baseline for the build: one plain DuckDB COPY of the same level rows to a single Parquet file.
 */
import { rm } from "node:fs/promises";
import { FakeHub } from "../test/fake-hub/fake-hub.js";
import { writeRoutes } from "../test/fake-hub/write-routes.js";
import { readRoutes } from "../test/fake-hub/read-routes.js";
import { makeRun, PIPELINE } from "../test/steps/publish/make-run.js";
import { buildPublishFolder } from "../src/steps/publish/build-publish-folder.js";
import { publishRun } from "../src/steps/publish/publish-run.js";
import { openDuckDB, sqlString } from "../src/core/duckdb.js";
import { tableSource } from "../src/core/table-store.js";
import { levelSelect } from "../src/steps/publish/config-selects.js";

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
};

export async function run(): Promise<void> {
  const problems = Number(process.env.PUBLISH_BENCH_PROBLEMS ?? 50_000);
  const [{ run, pipelinePath }, makeSeconds] = await time(() => makeRun({ problems }));
  process.stdout.write(`run: ${problems} problems × 2 models (made in ${makeSeconds.toFixed(1)} s)\n`);

  const db = await openDuckDB();
  const [staged, probs, difficulty] = await Promise.all(["staged", "problems", "difficulty"].map((t) => tableSource(run.tableDir(t))));
  const [, baseline] = await time(async () => {
    for (const level of ["L1", "L2"]) await db.run(`COPY (${levelSelect(staged!, probs!, difficulty, level)} ORDER BY id) TO ${sqlString(run.path(`baseline-${level}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  });
  const [folder, build] = await time(() => buildPublishFolder({ run, out: run.path("publish-bench"), repo: "bench/x", pipeline: PIPELINE, pipelinePath }));
  const bytes = folder.files.reduce((s, f) => s + f.bytes, 0);
  process.stdout.write(`build folder: ${build.toFixed(2)} s for ${folder.files.length} files, ${(bytes / 1e6).toFixed(1)} MB (baseline plain COPY of the level rows: ${baseline.toFixed(2)} s; ratio ${(build / baseline).toFixed(2)}×)\n`);

  const hub = await new FakeHub().addRoutes(...writeRoutes(), ...readRoutes()).start();
  try {
    const opts = { run, pipeline: PIPELINE, pipelinePath, spec: { repo: "bench/x" }, token: "hf_test_token", hubUrl: hub.url, env: {} };
    const [first, upload] = await time(() => publishRun(opts));
    const [again, noop] = await time(() => publishRun(opts));
    const commits = hub.repos.get(hub.repoKey("dataset", "bench/x"))!.commits.length;
    process.stdout.write(`first publish (build + upload ${first.upload?.uploaded.length} files): ${upload.toFixed(2)} s\n`);
    process.stdout.write(`republish unchanged (build + compare, ${again.upload?.uploaded.length} files sent): ${noop.toFixed(2)} s; ratio to first ${(noop / upload).toFixed(2)}×; commits on the Hub: ${commits}\n`);
  } finally {
    await hub.stop();
    await rm(run.dir, { recursive: true, force: true });
  }
}
