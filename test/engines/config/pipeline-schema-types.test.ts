import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import type { pipelineSchema } from "../../../src/engines/config/pipeline-schema.js";

// The spec interfaces (with their JSDoc and @default) are what editors show; the schema is what loading checks.
// `tsc --noEmit -p .` fails here when the two disagree on any field, its optionality or its type.
describe("pipeline schema types", () => {
  it("the schema's input type is exactly PipelineDefinition", () => {
    expectTypeOf<z.input<typeof pipelineSchema>>().toEqualTypeOf<PipelineDefinition>();
  });
});
