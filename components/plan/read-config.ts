// Checks raw stack config against TOPOLOGY_SCHEMA: types, required fields, unknown fields.
// Only a config that passes is handed on, typed, to the semantic checks.

import { TopologyConfig } from "./config-types";
import { FieldSpec } from "./schema";
import { ProblemList } from "../../model/problems";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

/** Edit distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function closest(key: string, known: string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    if (d <= Math.max(2, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function check(value: unknown, spec: FieldSpec, path: string, problems: ProblemList): void {
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") {
        problems.add(path, `expected text, got ${describe(value)}`, `write it as text, e.g. ${spec.example}`);
      }
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        problems.add(path, `expected a whole number, got ${describe(value)}`, `write a number, e.g. ${spec.example}`);
      } else if (value < spec.min || value > spec.max) {
        problems.add(path, `${value} is out of range`, `use a number from ${spec.min} to ${spec.max}`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") {
        problems.add(path, `expected true or false, got ${describe(value)}`, `write true or false (no quotes), e.g. ${spec.example}`);
      }
      return;
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) {
        problems.add(path, `${describe(value)} is not allowed`, `use one of: ${spec.values.join(", ")}`);
      }
      return;
    case "array":
      if (!Array.isArray(value)) {
        problems.add(path, `expected a list, got ${describe(value)}`, `write a YAML list (lines starting with '- ')`);
        return;
      }
      if (value.length < spec.minItems) {
        problems.add(path, "is empty", `list at least ${spec.minItems} entr${spec.minItems === 1 ? "y" : "ies"}`);
      }
      value.forEach((item, index) => check(item, spec.of, `${path}[${index}]`, problems));
      return;
    case "map":
      if (!isMapping(value)) {
        problems.add(path, `expected a mapping, got ${describe(value)}`, `write it as a YAML mapping, e.g. ${spec.example}`);
        return;
      }
      for (const [key, entry] of Object.entries(value)) check(entry, spec.of, `${path}.${key.replace(/[^\x20-\x7e]/g, "?")}`, problems);
      return;
    case "object": {
      if (!isMapping(value)) {
        problems.add(path, `expected an object, got ${describe(value)}`, `write it as a YAML mapping of: ${Object.keys(spec.fields).join(", ")}`);
        return;
      }
      const record = value as Record<string, unknown>;
      const known = Object.keys(spec.fields);
      for (const key of Object.keys(record)) {
        if (!(key in spec.fields)) {
          const guess = closest(key, known);
          problems.add(
            `${path}.${key}`,
            "is not a known field",
            guess ? `did you mean '${guess}'?` : `remove it; known fields are: ${known.join(", ")}`,
          );
        }
      }
      for (const [key, field] of Object.entries(spec.fields)) {
        const child = record[key];
        if (child === undefined || child === null) {
          if (!field.optional) {
            const example = field.kind === "object" || field.kind === "array" || field.kind === "map" ? "" : ` (e.g. ${field.example})`;
            problems.add(`${path}.${key}`, "is missing", `add it: ${field.doc}${example}`);
          }
          continue;
        }
        check(child, field, `${path}.${key}`, problems);
      }
      return;
    }
  }
}

/** Returns the typed topology, or null after recording every structural problem. */
export function readTopology(raw: unknown, spec: FieldSpec, problems: ProblemList): TopologyConfig | null {
  const before = problems.all.length;
  check(raw, spec, "topology", problems);
  return problems.all.length === before ? (raw as TopologyConfig) : null;
}
