// Host commands the node lab runs (ip, tar, ssh-keygen, chroot): short-lived, with their output
// in the error when they fail.

import { execFile, spawnSync } from "child_process";

export interface HostResult {
  stdout: string;
  stderr: string;
}

export function hostRun(file: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<HostResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`\`${file} ${args.join(" ")}\` failed: ${(stderr || stdout || error.message).trim().split("\n").slice(-10).join("\n")}`));
        return;
      }
      resolve({ stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Fails loudly, naming the package to install, when a host tool the lab needs is missing. */
export function requireHostTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(([tool]) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(`the node lab needs ${missing.map(([t, p]) => `${t} (apt-get install -y ${p})`).join(", ")}: install and run again`);
  }
}
