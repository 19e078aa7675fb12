// The README's config reference, printed from TOPOLOGY_SCHEMA so the two never drift:
// `npm run -s config-reference` (a unit test checks the README holds this exact text).

import { FieldSpec, TOPOLOGY_SCHEMA } from "../components/plan/schema";

function rows(spec: FieldSpec, path: string, out: string[][]): void {
  if (spec.kind === "object") {
    for (const [key, field] of Object.entries(spec.fields)) {
      const child = `${path}.${key}`;
      const required = field.optional ? "" : "yes";
      if (field.kind === "object") {
        out.push([`\`${child}\``, required, field.doc, ""]);
        rows(field, child, out);
      } else if (field.kind === "array") {
        out.push([`\`${child}[]\``, required, field.doc, ""]);
        rows(field.of, `${child}[]`, out);
      } else {
        out.push([`\`${child}\``, required, field.doc, `\`${field.example}\``]);
      }
    }
  } else if (spec.kind === "array") {
    rows(spec.of, `${path}[]`, out);
  }
}

export function configReference(): string {
  const out: string[][] = [];
  rows(TOPOLOGY_SCHEMA, "topology", out);
  const lines = ["| field | required | meaning | example |", "|---|---|---|---|"];
  for (const [field, required, doc, example] of out) lines.push(`| ${field} | ${required} | ${doc.replace(/\|/g, "\\|")} | ${example.replace(/\|/g, "\\|")} |`);
  return lines.join("\n");
}

if (require.main === module) console.log(configReference());
