// One command over an open SSH connection (an exec channel, no shell prompt): for reading hosts and
// nodes (verify's pings, the Calico node gate's routes, the lab tests), not for switch CLIs.
import type { Client } from "ssh2";

export interface ExecResult {
  /** Exit status; null when the command ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` on `client` and resolves when its channel closes. */
export function execCommand(client: Client, command: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let stdout = "";
      let stderr = "";
      stream.on("data", (d: Buffer) => (stdout += d.toString()));
      stream.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      stream.on("close", (code: number | null) => resolve({ code, stdout, stderr }));
    });
  });
}
