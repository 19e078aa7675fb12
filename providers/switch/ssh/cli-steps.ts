// Steps both dialects take on their CLI: run a command that must not be refused, get to the
// privileged prompt, read the running config, type a change's lines, compare two running configs.

import type { CliShell, CommandResult } from "./shell";
import type { CliRefusal } from "./cli-errors";
import type { DeviceEndpoint } from "./driver";
import { ConfigLineRejectedError, DeviceCommandError, UnexpectedCliStateError } from "./errors";
import type { PromptMode } from "./prompt";

export type RefusalFinder = (output: string) => CliRefusal | null;

/** Runs a session-level command; a refusal becomes a DeviceCommandError that says what it means for the device. */
export async function runStep(
  shell: CliShell,
  command: string,
  findRefusal: RefusalFinder,
  consequence: string,
  timeoutMs?: number,
): Promise<CommandResult> {
  const result = await shell.run(command, timeoutMs);
  const refusal = findRefusal(result.output);
  if (refusal) throw new DeviceCommandError(shell.device, command, refusal.message, consequence);
  return result;
}

export function expectMode(shell: CliShell, after: string, modes: readonly PromptMode[], consequence: string): void {
  const prompt = shell.prompt;
  if (!modes.includes(prompt.mode)) {
    throw new UnexpectedCliStateError(
      shell.device,
      `after '${after}' the device shows the prompt '${prompt.text}' (${prompt.mode} mode), expected ${modes.join(" or ")} mode — ${consequence}`,
    );
  }
}

/** `enable` (answering `Password:` with the enable password, else the login password) if the login landed at `>`. */
export async function enablePrivileged(shell: CliShell, endpoint: DeviceEndpoint, findRefusal: RefusalFinder): Promise<void> {
  if (shell.prompt.mode !== "exec") return;
  const consequence = "cannot reach the privileged prompt; nothing was changed";
  let result = await runStep(shell, "enable", findRefusal, consequence);
  if (result.prompt.mode === "password") {
    const secret = endpoint.enablePassword ?? endpoint.password;
    if (secret === undefined) {
      throw new DeviceCommandError(shell.device, "enable", "the device asks for an enable password", "set connection.enablePassword; nothing was changed");
    }
    result = await shell.answerSecret(secret);
    const refusal = findRefusal(result.output);
    if (refusal || result.prompt.mode !== "privileged") {
      throw new DeviceCommandError(
        shell.device,
        "enable",
        refusal?.message ?? `still at '${result.prompt.text}'`,
        "the enable password was not accepted (connection.enablePassword, or the login password); nothing was changed",
      );
    }
  }
  expectMode(shell, "enable", ["privileged"], consequence);
}

/** `show running-config`, as the device printed it. */
export async function showRunningConfig(shell: CliShell, findRefusal: RefusalFinder): Promise<string> {
  const result = await runStep(shell, "show running-config", findRefusal, "could not read the running config");
  return result.output;
}

/** How the device was put back after a failed change. */
export interface UndoOutcome {
  restored: boolean;
  /** What it means for the device, for the error message. */
  text: string;
}

/**
 * Types a change's lines in configuration mode. The first line the device refuses, or that leaves
 * configuration mode, is undone with `undo` and thrown as a ConfigLineRejectedError naming the line.
 * Returns what the device printed after each line.
 */
export async function typeChangeLines(
  shell: CliShell,
  lines: readonly string[],
  findRefusal: RefusalFinder,
  undo: () => Promise<UndoOutcome>,
): Promise<string[]> {
  const outputs: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const result = await shell.run(line);
    const refusal = findRefusal(result.output);
    const leftConfig = result.prompt.mode !== "config";
    if (refusal || leftConfig) {
      const outcome = await undo();
      throw new ConfigLineRejectedError({
        device: shell.device,
        line,
        lineNumber: index + 1,
        deviceMessage: refusal ? refusal.message : `the line left configuration mode (prompt '${result.prompt.text}')`,
        restored: outcome.restored,
        howRestored: outcome.text,
      });
    }
    outputs.push(result.output);
  }
  return outputs;
}

/** Lines of a running config that differ, as `-line` (only before) and `+line` (only after); empty if equal. */
export function runningConfigDifference(before: string, after: string, limit = 20): string[] {
  const normalise = (text: string): string[] => text.split("\n").map((line) => line.trimEnd()).filter((line) => line !== "");
  const counts = new Map<string, number>();
  for (const line of normalise(before)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of normalise(after)) {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    else added.push(`+${line}`);
  }
  const removed: string[] = [];
  for (const [line, n] of counts) for (let i = 0; i < n; i++) removed.push(`-${line}`);
  const all = [...removed, ...added];
  const positional = normalise(before).join("\n") !== normalise(after).join("\n");
  if (all.length === 0 && positional) return ["(same lines, different order)"];
  return all.length > limit ? [...all.slice(0, limit), `… ${all.length - limit} more`] : all;
}
