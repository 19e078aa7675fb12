// The built Pulumi CLI (scripts/engine.sh) run against the lab's own file backend and passphrase,
// both kept in the lab's state directory. The one place the lab takes the engine's environment from.

import { spawn, spawnSync } from "child_process";
import { mkdirSync, readFileSync } from "fs";
import { join } from "path";
import { engineEnv } from "../../tools/engine/engine-env";

export interface LabPulumi {
  readonly projectDir: string;
  readonly stack: string;
  readonly env: Record<string, string>;
}

export function labPulumi(projectDir: string, stateDir: string, stack: string): LabPulumi {
  const backendDir = join(stateDir, "backend");
  mkdirSync(backendDir, { recursive: true });
  const passphrase = readFileSync(join(stateDir, "passphrase"), "utf8").trim();
  return { projectDir, stack, env: engineEnv({ backendDir, passphrase, tempDir: join(stateDir, "tmp") }) };
}

export interface PulumiResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>` to completion, output captured. */
export function pulumiSync(cli: LabPulumi, args: readonly string[], input?: string): PulumiResult {
  const result = spawnSync("pulumi", [...args], {
    cwd: cli.projectDir,
    env: { ...process.env, ...cli.env },
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run pulumi: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Like pulumiSync, failing with pulumi's own words when it exits non-zero. */
export function pulumiOk(cli: LabPulumi, args: readonly string[], input?: string): string {
  const result = pulumiSync(cli, args, input);
  if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Runs `pulumi <args>` with its output streamed to ours, line by line through `onLine` (and kept). */
export function pulumiStreamed(cli: LabPulumi, args: readonly string[], onLine: (line: string) => void): Promise<PulumiResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args], { cwd: cli.projectDir, env: { ...process.env, ...cli.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      if (partial) onLine(partial);
      resolve({ status: code ?? 1, stdout, stderr });
    });
  });
}
