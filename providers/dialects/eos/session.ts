// Arista EOS over SSH: every change goes through a named configuration session, so a refused line
// is aborted with nothing committed; commit-confirm (commit timer) is confirmed only after the
// change reads back right.

import type { ApplyReport, ApplyRequest, DialectDriver } from "../../switch/ssh/driver";
import type { CliShell } from "../../switch/ssh/shell";
import { ciscoStylePromptRules } from "../../switch/ssh/prompt";
import { enablePrivileged, expectMode, runStep, showRunningConfig, typeChangeLines, UndoOutcome } from "../../switch/ssh/cli-steps";
import { DeviceCommandError, VerificationError } from "../../switch/ssh/errors";
import { eosWarnings, findEosRefusal } from "./errors";
import { commitTimerArgument, newSessionName, parseConfigSessions, staleSessionsOfOurs } from "./session-names";

/** `Leaf-1>`, `Leaf-1#`, `Leaf-1(config-if-Et2)#`, `Leaf-1(config-s-kf-ab)#`, `Leaf-1(config-s-kf-ab-if-Et2)#`, `Password:`. */
export const eosPromptRules = ciscoStylePromptRules({ trailingSpace: "optional" });

async function abortSession(shell: CliShell, session: string): Promise<UndoOutcome> {
  const failed = (reason: string): UndoOutcome => ({
    restored: false,
    text: `aborting config session ${session} failed (${reason}); it stays pending and uncommitted (the running config is unchanged) and is removed on the next run`,
  });
  try {
    // Leave config mode first: inside a prefix-list or route-map mode a bare `abort` drops only
    // that mode's edits and leaves the session pending. From exec mode the session itself is aborted.
    if (shell.prompt.mode === "config") await shell.run("end");
    const result = await shell.run(`configure session ${session} abort`);
    const refusal = findEosRefusal(result.output);
    if (refusal) return failed(refusal.message);
    return { restored: true, text: `config session ${session} aborted; nothing was committed and the running config is unchanged` };
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}

async function removeStaleSessions(shell: CliShell, current: string): Promise<string[]> {
  const listing = await runStep(shell, "show configuration sessions", findEosRefusal, "nothing was changed");
  const removed: string[] = [];
  for (const name of staleSessionsOfOurs(parseConfigSessions(listing.output), current)) {
    await runStep(shell, `no configure session ${name}`, findEosRefusal, "nothing was changed");
    removed.push(`removed stale uncommitted config session ${name}`);
  }
  return removed;
}

const runningConfig = (shell: CliShell): Promise<string> => showRunningConfig(shell, findEosRefusal);

export const eosDriver: DialectDriver = {
  dialect: "eos",
  promptRules: eosPromptRules,

  async prepare(shell, endpoint) {
    const consequence = "nothing was changed";
    await runStep(shell, "terminal length 0", findEosRefusal, consequence);
    await runStep(shell, "terminal width 32767", findEosRefusal, consequence);
    await enablePrivileged(shell, endpoint, findEosRefusal);
    expectMode(shell, "login", ["privileged"], consequence);
  },

  runningConfig,

  async apply(shell: CliShell, request: ApplyRequest): Promise<ApplyReport> {
    const session = newSessionName(request.resourceShortId);
    const warnings = await removeStaleSessions(shell, session);

    await runStep(shell, `configure session ${session}`, findEosRefusal, "nothing was changed");
    expectMode(shell, `configure session ${session}`, ["config"], "nothing was changed");

    const outputs = await typeChangeLines(shell, request.script.lines, findEosRefusal, () => abortSession(shell, session));
    for (const output of outputs) warnings.push(...eosWarnings(output));

    const diffs = await shell.run(`show session-config named ${session} diffs`);
    const diffRefusal = findEosRefusal(diffs.output);
    if (diffRefusal) {
      const outcome = await abortSession(shell, session);
      throw new DeviceCommandError(shell.device, `show session-config named ${session} diffs`, diffRefusal.message, outcome.text);
    }

    const timer = request.commitConfirmSeconds;
    const commit = timer !== undefined && timer > 0 ? `commit timer ${commitTimerArgument(timer)}` : "commit";
    const committed = await shell.run(commit);
    const commitRefusal = findEosRefusal(committed.output);
    if (commitRefusal) {
      const outcome = await abortSession(shell, session);
      throw new DeviceCommandError(shell.device, commit, commitRefusal.message, outcome.text);
    }
    if (shell.prompt.mode === "config") await runStep(shell, "end", findEosRefusal, "the change is committed");

    let runningAfter = await runningConfig(shell);
    const problems = request.verify(runningAfter);
    if (commit !== "commit") {
      if (problems.length > 0) {
        const aborted = await shell.run(`configure session ${session} abort`);
        const abortRefusal = findEosRefusal(aborted.output);
        throw new VerificationError(
          shell.device,
          problems,
          abortRefusal
            ? `aborting the commit-timer session ${session} failed (${abortRefusal.message}); EOS rolls it back when the timer expires`
            : `the commit-timer session ${session} was aborted and EOS restored the previous running config`,
        );
      }
      await runStep(
        shell,
        `configure session ${session} commit`,
        findEosRefusal,
        `the change is not confirmed and EOS rolls it back when the ${commitTimerArgument(timer ?? 0)} timer expires`,
      );
      runningAfter = await runningConfig(shell);
    } else if (problems.length > 0) {
      throw new VerificationError(
        shell.device,
        problems,
        "the session was committed without a commit timer, so the change stays; set options.commitConfirmSeconds to have EOS roll back such a change",
      );
    }

    let saved = true;
    const copy = await shell.run("copy running-config startup-config");
    const copyRefusal = findEosRefusal(copy.output);
    if (copyRefusal) {
      saved = false;
      warnings.push(`copy running-config startup-config failed: ${copyRefusal.message} — the change is live but not saved`);
    }
    return { deviceDiff: diffs.output, runningAfter, saved, warnings };
  },
};
