// Host tools the node lab needs, checked before it starts (it runs them through lab/exec.ts).

import { spawnSync } from "child_process";

/** Fails loudly, naming the package to install, when a host tool the lab needs is missing. */
export function requireHostTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(([tool]) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(`the node lab needs ${missing.map(([t, p]) => `${t} (apt-get install -y ${p})`).join(", ")}: install and run again`);
  }
}
