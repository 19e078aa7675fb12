// Runs short-lived system commands (ip, ssh-keygen, vtysh, apt-get) for the lab.
import { execFile, execFileSync } from "child_process";

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero (or could not start); carries its output for the error message. */
export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    cause?: string,
  ) {
    const detail = (stderr.trim() || stdout.trim() || cause || "no output").split("\n").slice(0, 8).join("\n");
    super(`\`${command.join(" ")}\` failed (exit ${exitCode ?? "none"}): ${detail}`);
    this.name = "CommandError";
  }
}

export interface RunOptions {
  /** Kill the command after this many milliseconds (default 30 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Working directory of the command (default: ours). */
  cwd?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, env: options.env, cwd: options.cwd, maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === "number" ? error.code : null;
          const cause = error.killed ? `killed after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : error.message;
          reject(new CommandError([file, ...args], code, stdout, stderr, cause));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Synchronous variant, only for cleanup inside a process 'exit' handler where nothing async runs. */
export function runSync(file: string, args: readonly string[], timeoutMs = 10_000): CommandResult {
  try {
    const stdout = execFileSync(file, [...args], { timeout: timeoutMs, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { stdout, stderr: "" };
  } catch (error) {
    const failure = error as { status?: number | null; stdout?: string; stderr?: string; message: string };
    throw new CommandError([file, ...args], failure.status ?? null, failure.stdout ?? "", failure.stderr ?? "", failure.message);
  }
}
