// Production code (the program, its scripts, the lab, the providers, the engine glue) never imports
// from test/: what both need lives in the code that owns it. Benches may use test topologies. And the
// layers, each depending only downward:
//   model/              shared types and rules (the device plan, CLI-safe text, host keys, problems,
//                       the Calico release): depends on nothing of ours;
//   providers/          the switch provider and its dialects: on model/ only;
//   components/plan/    the plan: on model/ only;
//   components/, index.ts  the Pulumi wiring: on model/, providers/ and components/;
// and the product (those four) knows nothing of the lab, the scripts, verify or the benches.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../support/dev-stack";

const PRODUCTION = ["index.ts", "model", "components", "providers", "lab", "scripts", "tools", "verify"];

function typescriptFiles(entry: string): string[] {
  const full = path.join(PROJECT_ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return entry.endsWith(".ts") ? [entry] : [];
  return fs.readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : typescriptFiles(path.join(entry, name))));
}

/** Every relative import of the files under `entry`: [importing file, imported path], repo-relative. */
function importsOf(entry: string): Array<[string, string]> {
  return typescriptFiles(entry).flatMap((file) => {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
    return [...text.matchAll(/(?:from\s+|import\s+|require(?:\.resolve)?\(\s*|import\(\s*)["'](\.[^"']+)["']/g)].map(
      (m): [string, string] => [file, path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, path.dirname(file), m[1]))],
    );
  });
}

const within = (target: string, ...roots: string[]) => roots.some((root) => target === root || target.startsWith(`${root}${path.sep}`));

describe("layers", () => {
  const rules: Array<{ layer: string; may: string[] }> = [
    { layer: "model", may: ["model"] },
    { layer: "providers", may: ["model", "providers"] },
    { layer: path.join("components", "plan"), may: ["model", path.join("components", "plan")] },
    { layer: "components", may: ["model", "providers", "components"] },
    { layer: "index.ts", may: ["model", "providers", "components"] },
  ];
  for (const rule of rules) {
    it(`${rule.layer} imports only from ${rule.may.join(", ")}`, () => {
      assert.ok(typescriptFiles(rule.layer).length > 0, `the scan sees ${rule.layer}`);
      const imports = importsOf(rule.layer);
      assert.deepEqual(imports.filter(([, target]) => !within(target, ...rule.may)).map(([file, target]) => `${file} imports ${target}`), []);
    });
  }
});

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
