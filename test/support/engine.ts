// What only tests add to the engine: throwaway stacks' passphrase. Where the engine is and the
// environment it runs in belong to tools/engine/engine-env.ts (scripts use them too).

/** Passphrase of throwaway test stacks (their state lives in a temp dir the test owns). */
export const TEST_STACK_PASSPHRASE = "kube-fabric-test-stack";

/** A throwaway TypeScript Pulumi project in `dir` whose index.ts is `program` (it imports the repo by absolute path). */
export function writeTypeScriptProject(dir: string, name: string, program: string): void {
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.ts" }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true } }));
  fs.writeFileSync(path.join(dir, "index.ts"), program);
}
