// containerlab's own JSON schema (test/fixtures/containerlab, provenance in its README) as a validator.

import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject } from "ajv";
import { PROJECT_ROOT } from "./dev-stack";

export const CLAB_SCHEMA_FILE = path.join(PROJECT_ROOT, "test", "fixtures", "containerlab", "clab.schema.json");

function compile() {
  const schema = JSON.parse(fs.readFileSync(CLAB_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  // Strict mode stays on; the schema's editor-only annotation is declared, and its `minItems` on
  // string-typed alternatives (meaningless, harmless) is allowed.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addKeyword("markdownDescription");
  return ajv.compile(schema);
}

let validator: ReturnType<typeof compile> | undefined;

/** The schema's complaints about a parsed topology file, one line each; [] when valid. */
export function clabSchemaErrors(topology: unknown): string[] {
  validator ??= compile();
  if (validator(topology)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
