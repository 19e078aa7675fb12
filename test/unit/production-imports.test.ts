// Production code (the program, its scripts, the lab, the providers, the engine glue) never imports
// from test/: what both need lives in the code that owns it. Benches may use test topologies.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../support/dev-stack";

const PRODUCTION = ["index.ts", "components", "providers", "lab", "scripts", "tools"];

function typescriptFiles(entry: string): string[] {
  const full = path.join(PROJECT_ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return entry.endsWith(".ts") ? [entry] : [];
  return fs.readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : typescriptFiles(path.join(entry, name))));
}

describe("production code", () => {
  it("imports nothing from test/", () => {
    const files = PRODUCTION.flatMap(typescriptFiles);
    assert.ok(files.includes(path.join("scripts", "preview-dev.ts")), "the scan sees the scripts");
    const offenders = files.flatMap((file) => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
      return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)]
        .map((m) => m[1])
        .filter((spec) => spec.startsWith(".") && path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, path.dirname(file), spec)).split(path.sep)[0] === "test")
        .map((spec) => `${file} imports ${spec}`);
    });
    assert.deepEqual(offenders, []);
  });
});
