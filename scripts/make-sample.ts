/** `npx tsx scripts/make-sample.ts [dir]`: regenerates data/sample/ (deterministic; checks code solutions with python3). */
import { writeSample } from "../src/sample-data/make-sample.js";

const dir = process.argv[2] ?? "data/sample";
const counts = await writeSample(dir);
process.stdout.write(`make-sample: wrote ${counts.math} math, ${counts.code} code and ${counts.eval} eval problems to ${dir}\n`);
