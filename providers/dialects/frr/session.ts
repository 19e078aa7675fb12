// FRRouting vtysh over SSH: `configure terminal` applies each line at once, so a refused line is
// undone by typing the change script's rollback, and the running config is compared with the one
// read before the change to prove the router ended as it was.

import type { ApplyReport, ApplyRequest, DialectDriver, SettleOutcome, SettleRequest } from "../../switch/ssh/driver";
import type { CliShell } from "../../switch/ssh/shell";
import { ciscoStylePromptRules, withShellPrompts } from "../../switch/ssh/prompt";
import {
  enablePrivileged,
  expectMode,
  runningConfigDifference,
  runStep,
  showRunningConfig,
  typeChangeLines,
  UndoOutcome,
} from "../../switch/ssh/cli-steps";
import { DeviceCommandError, isBrokenSession, VerificationError } from "../../switch/ssh/errors";
import { findFrrRefusal, FRR_WRITE_DONE, FRR_WRITE_UNSUPPORTED } from "./errors";
import { configDigest, journalLines, journalName, readJournal, withoutJournal } from "./journal";

/**
 * vtysh: `r1# `, `r1(config)# `, `r1(config-router-af)# `; and the login shell some boxes land in first
 * (`root@r1:~# `, `r1:/# `, `/ # `, `user@r1:~$ `), told apart by what vtysh never prints.
 */
export const frrPromptRules = withShellPrompts(ciscoStylePromptRules({ trailingSpace: "optional" }));

/** Typed at a login shell: vtysh keeping no history of what we type (FRR's `-H, --histfile`). */
export const VTYSH_FROM_SHELL = "vtysh -H /dev/null";

/**
 * From a login shell into vtysh. The session then ends as a vtysh login does: the channel closes and
 * sshd hangs up vtysh and the shell (an `exit` typed at close would never arrive before the disconnect).
 */
async function enterVtyshFromShell(shell: CliShell): Promise<void> {
  const result = await shell.enter(VTYSH_FROM_SHELL);
  if (result.prompt.mode === "shell") {
    const said = result.output.trim() || "no output";
    throw new DeviceCommandError(
      shell.device,
      VTYSH_FROM_SHELL,
      `the login landed in a shell and vtysh did not start there (${said})`,
      "install FRR's vtysh on the device and give the SSH user access to it (group frrvty), or make vtysh the login command; nothing was changed",
    );
  }
}

const runningConfig = (shell: CliShell): Promise<string> => showRunningConfig(shell, findShowRefusal);

/** Show commands print text; only a `%` message is a refusal there. */
function findShowRefusal(output: string): ReturnType<typeof findFrrRefusal> {
  return /^%/m.test(output) ? findFrrRefusal(output) : null;
}

/** Types lines in a fresh `configure terminal` (from wherever the shell is), carrying on past refusals; returns the refusals. */
async function typeTolerantly(shell: CliShell, lines: readonly string[]): Promise<string[]> {
  const refusals: string[] = [];
  if (lines.length === 0) return refusals;
  if (shell.prompt.mode === "config") await shell.run("end");
  await runStep(shell, "configure terminal", findFrrRefusal, "cannot roll back");
  for (const line of lines) {
    const result = await shell.run(line);
    const refusal = findFrrRefusal(result.output);
    if (refusal) refusals.push(`'${line}': ${refusal.message}`);
    if (shell.prompt.mode !== "config") await runStep(shell, "configure terminal", findFrrRefusal, "cannot roll back");
  }
  await shell.run("end");
  return refusals;
}

/**
 * Back to the privileged prompt, type the change script's rollback, and compare the running config with the
 * one from before the change. If a partial change left a difference, type the restore lines planned from
 * the running config as it is now, and compare again.
 */
async function restore(shell: CliShell, request: ApplyRequest): Promise<UndoOutcome> {
  try {
    if (shell.prompt.mode === "config") await shell.run("end");
    // Lines undoing a step that never ran are refused ("% Can't find address"): expected, the comparison decides.
    const refusals = await typeTolerantly(shell, [...request.script.rollback, `no route-map ${journalName(request.resourceShortId)}`]);
    let now = await runningConfig(shell);
    let difference = runningConfigDifference(request.runningBefore, now);
    if (difference.length > 0 && request.restoreLines) {
      refusals.push(...(await typeTolerantly(shell, request.restoreLines(now))));
      now = await runningConfig(shell);
      difference = runningConfigDifference(request.runningBefore, now);
    }
    if (difference.length === 0) {
      return { restored: true, text: "the rollback was typed and the running config is identical to the one before the change" };
    }
    const refused = refusals.length > 0 ? `; lines refused while restoring: ${refusals.join(", ")}` : "";
    return {
      restored: false,
      text: `the rollback did NOT restore the running config; it differs from before the change by: ${difference.join(" | ")}${refused}`,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { restored: false, text: `the rollback failed (${reason}); check the router's running config` };
  }
}

/**
 * Before planning: a journal of this resource means its last change was cut off. Type the lines that undo
 * it, check the router runs what it ran before that change, and remove the journal.
 */
async function restoreInterruptedChange(shell: CliShell, request: SettleRequest): Promise<SettleOutcome> {
  const id = request.resourceShortId;
  const journal = readJournal(await runningConfig(shell), id);
  if (journal === null) return { notes: [], confirmed: false, saved: false };
  if (!journal.complete) {
    await typeTolerantly(shell, [`no route-map ${journalName(id)}`]);
    return { notes: [`removed the journal of an earlier change that was cut off before it typed anything (nothing else had changed)`], confirmed: false, saved: false };
  }
  const refusals = await typeTolerantly(shell, journal.rollback);
  const restored = withoutJournal(await runningConfig(shell), id);
  if (configDigest(restored) !== journal.digestBefore) {
    const refused = refusals.length > 0 ? ` (refused: ${refusals.join(", ")})` : "";
    throw new DeviceCommandError(
      shell.device,
      `restore the change cut off earlier (route-map ${journalName(id)})`,
      `after typing the ${journal.rollback.length} lines that undo it${refused}, the running config still differs from the one before that change`,
      "nothing else was typed; the journal stays on the router, so the next run tries again — or put the config right by hand and remove the journal",
    );
  }
  await typeTolerantly(shell, [`no route-map ${journalName(id)}`]);
  const note = `restored the router to what it ran before an earlier change that was cut off (SSH dropped or a command timed out): typed its ${journal.rollback.length} undo lines; the running config is identical to the one before that change`;
  return { notes: [note], confirmed: false, saved: false };
}

export const frrDriver: DialectDriver = {
  dialect: "frr",
  promptRules: frrPromptRules,
  // vtysh skips lines starting with `!` or `#`; a login shell only those starting with `#`.
  loginSyncComment: "#",

  async prepare(shell, endpoint) {
    if (shell.prompt.mode === "shell") await enterVtyshFromShell(shell);
    await enablePrivileged(shell, endpoint, findFrrRefusal);
    await runStep(shell, "terminal length 0", findFrrRefusal, "nothing was changed");
    expectMode(shell, "login", ["privileged"], "nothing was changed");
  },

  runningConfig,

  settle: restoreInterruptedChange,

  async apply(shell: CliShell, request: ApplyRequest): Promise<ApplyReport> {
    await runStep(shell, "configure terminal", findFrrRefusal, "nothing was changed");
    expectMode(shell, "configure terminal", ["config"], "nothing was changed");
    const journal = journalName(request.resourceShortId);
    const undoJournal = async (): Promise<UndoOutcome> => {
      await typeTolerantly(shell, [`no route-map ${journal}`]);
      return { restored: true, text: "only the journal had been typed; it was removed, nothing else was changed" };
    };
    await typeChangeLines(shell, journalLines(request.resourceShortId, request.runningBefore, request.script.rollback), findFrrRefusal, undoJournal);
    await typeChangeLines(shell, request.script.lines, findFrrRefusal, () => restore(shell, request));
    // From here until the journal is gone, a refusal (of `end`, of a read) is undone before it is reported. A
    // broken session is settled over a new one (provider/device.ts).
    const orRestore = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        if (isBrokenSession(error)) throw error;
        const outcome = await restore(shell, request);
        throw new DeviceCommandError(shell.device, what, error instanceof Error ? error.message : String(error), outcome.text);
      }
    };
    await orRestore("end", () => runStep(shell, "end", findFrrRefusal, "the change is applied"));

    const problems = request.verify(await orRestore("show running-config", () => runningConfig(shell)));
    if (problems.length > 0) {
      const outcome = await restore(shell, request);
      throw new VerificationError(shell.device, problems, outcome.text);
    }
    // A journal left behind would have the next run undo this change: its removal must be seen to happen.
    const removal = `no route-map ${journal}`;
    const refused = await orRestore(removal, () => typeTolerantly(shell, [removal]));
    const runningAfter = await orRestore("show running-config", () => runningConfig(shell));
    if (readJournal(runningAfter, request.resourceShortId) !== null) {
      const outcome = await restore(shell, request);
      throw new DeviceCommandError(shell.device, removal, refused.join("; ") || "the journal is still in the running config", outcome.text);
    }

    const warnings: string[] = [];
    let saved = false;
    const written = await shell.run("write memory");
    if (FRR_WRITE_DONE.test(written.output)) saved = true;
    else if (FRR_WRITE_UNSUPPORTED.test(written.output)) warnings.push("this vtysh has no 'write memory': the change is running-only");
    else warnings.push(`write memory did not confirm a save: ${written.output.trim()} — the change is live but may not survive a restart`);
    return { deviceDiff: null, runningAfter, saved, warnings };
  },
};
