// Arista EOS over SSH: every change goes through a named configuration session, so a refused line
// is aborted with nothing committed; commit-confirm (commit timer) is confirmed only after the
// change reads back right.

import type { ApplyReport, ApplyRequest, DialectDriver, SettleOutcome, SettleRequest } from "../../switch/ssh/driver";
import type { CliShell } from "../../switch/ssh/shell";
import { ciscoStylePromptRules } from "../../switch/ssh/prompt";
import { enablePrivileged, expectMode, runStep, showRunningConfig, typeChangeLines, UndoOutcome } from "../../switch/ssh/cli-steps";
import {
  DeviceBusyError,
  DeviceCommandError,
  isBrokenSession,
  SwitchDeviceError,
  UnconfirmedCommitError,
  VerificationError,
} from "../../switch/ssh/errors";
import { eosWarnings, findEosRefusal } from "./errors";
import { commitTimerArgument, newSessionName, parseConfigSessions, STALE_SESSION_MS, triageSessions } from "./session-names";

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

/**
 * Settles the sessions an earlier run left (see triageSessions); fails when another run is at work. A change it
 * confirms is saved to startup-config, as a run that had not stopped would have saved it.
 */
async function settleSessions(shell: CliShell, request: SettleRequest): Promise<SettleOutcome> {
  const listing = await runStep(shell, "show configuration sessions", findEosRefusal, "nothing was changed");
  const triage = triageSessions(parseConfigSessions(listing.output), request.resourceShortId);
  if (triage.busy.length > 0) throw new DeviceBusyError(shell.device, triage.busy, STALE_SESSION_MS / 60_000);
  const notes: string[] = [];
  const earlier = "an earlier run committed it with a commit timer and stopped before confirming";
  let confirmed = false;
  for (const name of triage.unconfirmed) {
    if (request.leaveCommitTimers) {
      notes.push(`left config session ${name} under its commit timer: EOS rolls it back when the timer ends, unless the next run reads it back and confirms it`);
      continue;
    }
    const problems = request.verify(await runningConfig(shell));
    if (problems.length === 0) {
      await runStep(shell, `configure session ${name} commit`, findEosRefusal, "the earlier change stays unconfirmed; EOS rolls it back when its timer ends");
      notes.push(`confirmed config session ${name}: ${earlier}; its change read back as this run wants it`);
      confirmed = true;
    } else {
      await runStep(shell, `configure session ${name} abort`, findEosRefusal, "the earlier change stays unconfirmed; EOS rolls it back when its timer ends");
      notes.push(`aborted config session ${name}: ${earlier}; its change did not read back as this run wants it (${problems.join("; ")}), so EOS restored the config from before it`);
    }
  }
  for (const name of triage.interrupted) {
    await runStep(shell, `no configure session ${name}`, findEosRefusal, "nothing was changed");
    notes.push(`removed uncommitted config session ${name}: an earlier run of this resource was cut off before committing it (nothing of it was applied)`);
  }
  for (const name of triage.stale) {
    await runStep(shell, `no configure session ${name}`, findEosRefusal, "nothing was changed");
    notes.push(`removed stale uncommitted config session ${name} (a run of ours stopped more than ${STALE_SESSION_MS / 60_000} minutes ago)`);
  }
  for (const name of triage.unprovable) {
    notes.push(`left config session ${name} alone: its name does not prove when it started; remove it with 'no configure session ${name}' if no run uses it`);
  }
  const saved = confirmed && (await saveToStartup(shell, notes));
  return { notes, confirmed, saved };
}

const runningConfig = (shell: CliShell): Promise<string> => showRunningConfig(shell, findEosRefusal);

export const eosDriver: DialectDriver = {
  dialect: "eos",
  promptRules: eosPromptRules,
  loginSyncComment: "!",

  async prepare(shell, endpoint) {
    const consequence = "nothing was changed";
    await runStep(shell, "terminal length 0", findEosRefusal, consequence);
    await runStep(shell, "terminal width 32767", findEosRefusal, consequence);
    await enablePrivileged(shell, endpoint, findEosRefusal);
    expectMode(shell, "login", ["privileged"], consequence);
  },

  runningConfig,

  settle: settleSessions,

  async apply(shell: CliShell, request: ApplyRequest): Promise<ApplyReport> {
    const session = newSessionName(request.resourceShortId);
    const warnings: string[] = [];

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
    const committed = await shell.run(commit).catch((error: unknown) => {
      // Lost while committing under a timer: the change may be live and unconfirmed.
      throw timer !== undefined && timer > 0 && isSessionLoss(error) ? new UnconfirmedCommitError(shell.device, session, commitTimerArgument(timer), error) : error;
    });
    const commitRefusal = findEosRefusal(committed.output);
    if (commitRefusal) {
      const outcome = await abortSession(shell, session);
      throw new DeviceCommandError(shell.device, commit, commitRefusal.message, outcome.text);
    }
    if (commit !== "commit") return confirmAfterReadBack(shell, request, session, timer ?? 0, diffs.output, warnings);
    if (shell.prompt.mode === "config") await runStep(shell, "end", findEosRefusal, "the change is committed");
    const runningAfter = await runningConfig(shell);
    const problems = request.verify(runningAfter);
    if (problems.length > 0) {
      throw new VerificationError(
        shell.device,
        problems,
        "the session was committed without a commit timer, so the change stays; set options.commitConfirmSeconds to have EOS roll back such a change",
      );
    }
    return save(shell, runningAfter, diffs.output, warnings);
  },
};

/** The SSH session closed or stopped answering: what happened on the device is not known from here. */
function isSessionLoss(error: unknown): boolean {
  return isBrokenSession(error) || !(error instanceof SwitchDeviceError);
}

/** After `commit timer`: read back, then confirm or abort. A failure before the confirmation says the change is pending. */
async function confirmAfterReadBack(
  shell: CliShell,
  request: ApplyRequest,
  session: string,
  timer: number,
  deviceDiff: string,
  warnings: string[],
): Promise<ApplyReport> {
  try {
    if (shell.prompt.mode === "config") await runStep(shell, "end", findEosRefusal, "the change is committed under a commit timer");
    const problems = request.verify(await runningConfig(shell));
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
      `the change is not confirmed and EOS rolls it back when the ${commitTimerArgument(timer)} timer expires`,
    );
  } catch (error) {
    throw isSessionLoss(error) ? new UnconfirmedCommitError(shell.device, session, commitTimerArgument(timer), error) : error;
  }
  return save(shell, await runningConfig(shell), deviceDiff, warnings);
}

/** Writes the running config to startup; a refusal is a warning (the change is live). */
async function save(shell: CliShell, runningAfter: string, deviceDiff: string, warnings: string[]): Promise<ApplyReport> {
  const saved = await saveToStartup(shell, warnings);
  return { deviceDiff, runningAfter, saved, warnings };
}

/** `copy running-config startup-config`; false (and a warning) when the device refuses it. */
async function saveToStartup(shell: CliShell, warnings: string[]): Promise<boolean> {
  const copy = await shell.run("copy running-config startup-config");
  const copyRefusal = findEosRefusal(copy.output);
  if (!copyRefusal) return true;
  warnings.push(`copy running-config startup-config failed: ${copyRefusal.message} — the change is live but not saved`);
  return false;
}
