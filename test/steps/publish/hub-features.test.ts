import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hubFeatureOf, type HubFeature } from "../../../src/steps/publish/hub-features.js";

/** A random DuckDB type with the feature datasets expects for it. */
const typed: fc.Memo<{ duck: string; feature: HubFeature }> = fc.memo((depth) => {
  const scalar = fc.constantFrom(
    { duck: "VARCHAR", feature: { dtype: "string" } },
    { duck: "INTEGER", feature: { dtype: "int32" } },
    { duck: "BIGINT", feature: { dtype: "int64" } },
    { duck: "DOUBLE", feature: { dtype: "float64" } },
    { duck: "BOOLEAN", feature: { dtype: "bool" } },
  );
  if (depth <= 1) return scalar;
  const list = typed(depth - 1).map(({ duck, feature }) => ({ duck: `${duck}[]`, feature: "struct" in feature ? { list: feature.struct } : { list: feature } }));
  const struct = fc
    .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_ ]{0,8}$/), typed(depth - 1)), { minLength: 1, maxLength: 4, selector: ([name]) => name })
    .map((fields) => ({
      duck: `STRUCT(${fields.map(([name, t]) => `"${name}" ${t.duck}`).join(", ")})`,
      feature: { struct: fields.map(([name, t]) => ({ name, ...t.feature })) } as HubFeature,
    }));
  return fc.oneof(scalar, list, struct);
});

describe("hubFeatureOf", () => {
  it("maps nested DuckDB types to datasets features", () => {
    fc.assert(
      fc.property(typed(4), ({ duck, feature }) => {
        expect(hubFeatureOf(duck)).toEqual(feature);
      }),
    );
  });

  it("writes a list of structs the way datasets does (a list of named fields)", () => {
    expect(hubFeatureOf('STRUCT(model VARCHAR, "pass rate" DOUBLE)[]')).toEqual({ list: [{ name: "model", dtype: "string" }, { name: "pass rate", dtype: "float64" }] });
  });

  it("names a type it cannot map", () => {
    expect(() => hubFeatureOf("HUGEINT")).toThrow('publish: no Hugging Face feature type for the DuckDB type "HUGEINT"');
  });
});
