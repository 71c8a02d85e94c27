/**
 * Hugging Face `datasets` features (the card's `dataset_info.features`) from DuckDB column types,
 * so the card describes exactly what the Parquet files hold.
 */
export type HubFeature = { dtype: string } | { list: HubFeature | NamedHubFeature[] } | { struct: NamedHubFeature[] };
export type NamedHubFeature = { name: string } & HubFeature;

const SCALARS: Record<string, string> = {
  VARCHAR: "string",
  BOOLEAN: "bool",
  TINYINT: "int8",
  SMALLINT: "int16",
  INTEGER: "int32",
  BIGINT: "int64",
  UTINYINT: "uint8",
  USMALLINT: "uint16",
  UINTEGER: "uint32",
  UBIGINT: "uint64",
  FLOAT: "float32",
  DOUBLE: "float64",
  DATE: "date32",
  TIMESTAMP: "timestamp[us]",
  "TIMESTAMP WITH TIME ZONE": "timestamp[us, tz=UTC]",
  BLOB: "binary",
};

/** Converts one DuckDB type text (`VARCHAR`, `DOUBLE[]`, `STRUCT("a" VARCHAR, b INTEGER)[]`) to a feature. */
export function hubFeatureOf(duckdbType: string): HubFeature {
  const type = duckdbType.trim();
  if (type.endsWith("[]")) {
    const inner = hubFeatureOf(type.slice(0, -2));
    // datasets writes a list of structs as a list of named fields, a list of anything else as `list: <feature>`.
    return "struct" in inner ? { list: inner.struct } : { list: inner };
  }
  if (/^STRUCT\s*\(/i.test(type) && type.endsWith(")")) {
    return { struct: splitTopLevel(type.slice(type.indexOf("(") + 1, -1)).map(parseField) };
  }
  const scalar = SCALARS[type.toUpperCase()];
  if (!scalar) throw new Error(`publish: no Hugging Face feature type for the DuckDB type ${JSON.stringify(type)}`);
  return { dtype: scalar };
}

/** The features of a table's columns, in order. */
export function hubFeatures(columns: readonly { name: string; type: string }[]): NamedHubFeature[] {
  return columns.map(({ name, type }) => ({ name, ...hubFeatureOf(type) }));
}

function parseField(text: string): NamedHubFeature {
  const trimmed = text.trim();
  let name: string;
  let rest: string;
  if (trimmed.startsWith('"')) {
    let end = 1;
    while (end < trimmed.length && !(trimmed[end] === '"' && trimmed[end + 1] !== '"')) end += trimmed[end] === '"' ? 2 : 1;
    name = trimmed.slice(1, end).replaceAll('""', '"');
    rest = trimmed.slice(end + 1);
  } else {
    const space = trimmed.indexOf(" ");
    name = trimmed.slice(0, space);
    rest = trimmed.slice(space + 1);
  }
  return { name, ...hubFeatureOf(rest) };
}

/** Splits on commas that are outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim().length > 0);
}
