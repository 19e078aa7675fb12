// The README's config reference, printed from TOPOLOGY_SCHEMA so the two never drift:
// `npm run -s config-reference` (a unit test checks the README holds this exact text).

import { Field, FieldSpec, TOPOLOGY_SCHEMA } from "../components/plan/schema";

/** One row per field a user can write; objects, lists and maps also list what they hold. */
function fieldRows(field: FieldSpec, path: string, required: string, out: string[][]): void {
  switch (field.kind) {
    case "object":
      out.push([`\`${path}\``, required, field.doc, ""]);
      childRows(field.fields, path, out);
      return;
    case "array":
      out.push([`\`${path}[]\``, required, field.doc, field.of.kind === "object" ? "" : exampleOf(field.of)]);
      if (field.of.kind === "object") childRows(field.of.fields, `${path}[]`, out);
      return;
    case "map":
      out.push([`\`${path}\``, required, field.doc, `\`${field.example}\``]);
      fieldRows(field.of, `${path}.<${field.keyName}>`, "", out);
      return;
    default:
      out.push([`\`${path}\``, required, field.doc, `\`${field.example}\``]);
  }
}

function childRows(fields: Record<string, Field>, path: string, out: string[][]): void {
  for (const [key, field] of Object.entries(fields)) fieldRows(field, `${path}.${key}`, field.optional ? "" : "yes", out);
}

function exampleOf(spec: FieldSpec): string {
  return "example" in spec ? `\`${spec.example}\`` : "";
}

export function configReference(): string {
  const out: string[][] = [];
  if (TOPOLOGY_SCHEMA.kind !== "object") throw new Error("internal: the topology schema is an object");
  childRows(TOPOLOGY_SCHEMA.fields, "topology", out);
  const lines = ["| field | required | meaning | example |", "|---|---|---|---|"];
  for (const [field, required, doc, example] of out) lines.push(`| ${field} | ${required} | ${doc.replace(/\|/g, "\\|")} | ${example.replace(/\|/g, "\\|")} |`);
  return lines.join("\n");
}

if (require.main === module) console.log(configReference());
