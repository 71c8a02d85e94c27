import type { AdaptedRow, RawRow, SourceSpec } from "../../../engines/config/source-spec.js";

/** Source options an adapter may read (pass-rate column maps and the like). */
export type AdapterOptions = Pick<SourceSpec, "passRateColumns" | "passRateSamples">;

/** A dataset layout: how to recognise its columns and how to map one row to an AdaptedRow. */
export interface LayoutAdapter {
  name: string;
  /** One line for help and docs: the dataset(s) this layout comes from. */
  describes: string;
  /** True when a row with these columns is in this layout (used by `auto`). */
  detect(columns: ReadonlySet<string>): boolean;
  /** Maps a row, or throws a FieldError naming the field that is missing or wrong. */
  adapt(row: RawRow, options: AdapterOptions): AdaptedRow;
}
