// What only tests add to the engine: throwaway projects and stacks, and their passphrase. Where the engine is and the
// environment it runs in belong to tools/engine/engine-env.ts (scripts use them too).

import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { UNNAMED_DYNAMIC_TYPE } from "../../providers/dynamic-types";

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

/** Inside the repo, as a real kube-fabric project is: the program's imports and the provider resolve to this checkout. */
const THROWAWAY_ROOT = path.resolve(__dirname, "..", "..", ".pulumi-test");

/** A stack of a throwaway project on the built engine, its state in a folder of its own. */
export interface ThrowawayStack {
  stack: Stack;
  /** The project folder (Pulumi.yaml, index.ts): a test may take the program away to show destroy needs none. */
  projectDir: string;
  /** The stack's checkpoint as the engine stored it, to check what is (and is not) in plain text. */
  storedState(): string;
  /** Removes the stack and its folder (project and state). */
  remove(): Promise<void>;
}

/**
 * Writes `program` as project `project` under .pulumi-test/ and creates stack `stackName` of it on the built
 * engine, with a local backend and the test passphrase. Call remove() in the suite's `after`.
 */
export async function createThrowawayStack(project: string, program: string, stackName: string): Promise<ThrowawayStack> {
  fs.mkdirSync(THROWAWAY_ROOT, { recursive: true });
  const work = fs.mkdtempSync(path.join(THROWAWAY_ROOT, `${project}-${process.pid}-`));
  const backendDir = path.join(work, "state");
  const projectDir = path.join(work, "project");
  fs.mkdirSync(backendDir);
  writeTypeScriptProject(projectDir, project, program);
  let stack: Stack;
  try {
    stack = await LocalWorkspace.createStack(
      { stackName, workDir: projectDir },
      { pulumiCommand: await enginePulumiCommand(), envVars: engineEnv({ backendDir, passphrase: TEST_STACK_PASSPHRASE, tempDir: path.join(work, "tmp") }), secretsProvider: "passphrase" },
    );
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return {
    stack,
    projectDir,
    storedState() {
      const stacks = path.join(backendDir, ".pulumi", "stacks");
      const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) => path.basename(f) === `${stackName}.json`);
      if (files.length !== 1) throw new Error(`expected one state file for stack ${stackName} under ${stacks}, found: ${files.join(", ") || "none"}`);
      return fs.readFileSync(path.join(stacks, files[0]), "utf8");
    },
    async remove() {
      try {
        await stack.workspace.removeStack(stackName, { force: true });
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Rewrites the stack's state as an earlier kube-fabric left it: each resource of a type in `types` under the
 * unnamed dynamic type, in its own URN and in every reference to it. Returns how many resources it retyped.
 */
export async function retypeAsUnnamed(stack: Stack, types: readonly string[]): Promise<number> {
  const exported = await stack.exportStack();
  const resources = (exported.deployment.resources ?? []) as Array<{ type: string }>;
  const count = resources.filter((r) => types.includes(r.type)).length;
  let text = JSON.stringify(exported);
  for (const type of types) text = text.split(type).join(UNNAMED_DYNAMIC_TYPE);
  await stack.importStack(JSON.parse(text));
  return count;
}

/** The types of the stack's resources as the state holds them, by resource name. */
export async function stateTypes(stack: Stack): Promise<Record<string, string>> {
  const exported = await stack.exportStack();
  const resources = (exported.deployment.resources ?? []) as Array<{ urn: string; type: string }>;
  return Object.fromEntries(resources.map((r) => [r.urn.split("::").pop() as string, r.type]));
}
