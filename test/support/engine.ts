// What only tests add to the engine: throwaway stacks' passphrase and projects. Where the engine is and the
// environment it runs in belong to tools/engine/engine-env.ts (scripts use them too).

import * as fs from "fs";
import * as path from "path";

/** Passphrase of throwaway test stacks (their state lives in a temp dir the test owns). */
export const TEST_STACK_PASSPHRASE = "kube-fabric-test-stack";

/** A throwaway Pulumi TypeScript project (Pulumi.yaml, package.json, tsconfig.json, index.ts) in `dir`. */
export function writeTypeScriptProject(dir: string, name: string, program: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts" }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  fs.writeFileSync(path.join(dir, "index.ts"), program);
}
