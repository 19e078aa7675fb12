// The provider's device work: one SSH session per operation, through the dialect's driver.

import type { OwnedConfig, PlannedChange } from "../../dialects/types";
import { dialectOf } from "../../dialects/registry";
import {
  Baseline,
  baselineOfRecord,
  baselineRecord,
  EMPTY_BASELINE,
  ownedConfigDigest,
  recordedConfigDigest,
  recordOnDevice,
  takeBaseline,
} from "../config-tree/baseline";
import { changeScript, restoreScript } from "../config-tree/change-script";
import { parseRunningConfig } from "../config-tree/tree";
import { providerHooks } from "./hooks";
import { resourceShortId } from "./state";
import type { SwitchConfigInputs, SwitchOptions } from "./types";
import { verifierFor } from "./verify";
import { ApplyReport, DeviceEndpoint, DeviceSessionOptions, withDeviceSession } from "../ssh/driver";
import { SshTimeouts } from "../ssh/connect";
import { scrubDeviceText } from "../ssh/secrets";
import { isBrokenSession, SwitchDeviceError, VerificationError } from "../ssh/errors";

function endpointOf(inputs: SwitchConfigInputs): DeviceEndpoint {
  return {
    device: inputs.device,
    host: inputs.connection.host,
    port: inputs.connection.port,
    username: inputs.connection.username,
    hostKey: inputs.connection.hostKey,
    ...inputs.credentials,
  };
}

function timeoutsOf(options: SwitchOptions): Partial<SshTimeouts> {
  const timeouts: Partial<SshTimeouts> = {};
  if (options.connectTimeoutSeconds !== undefined) timeouts.connectTimeoutMs = options.connectTimeoutSeconds * 1000;
  if (options.commandTimeoutSeconds !== undefined) timeouts.commandTimeoutMs = options.commandTimeoutSeconds * 1000;
  if (options.connectAttempts !== undefined) timeouts.connectAttempts = options.connectAttempts;
  return timeouts;
}

function sessionOptions(inputs: SwitchConfigInputs): DeviceSessionOptions {
  const hooks = providerHooks();
  return { timeouts: timeoutsOf(inputs.options), onTranscript: hooks.onTranscript, alterCommand: hooks.alterCommand };
}

export interface ChangeOutcome {
  planned: PlannedChange;
  /** What the device had before kube-fabric where the owned lines now sit (empty after a delete). */
  baseline: Baseline;
  report: ApplyReport | null;
  /** What the run settled before planning (e.g. an earlier run's unconfirmed commit timer), in words. */
  notes: string[];
  /** Settling confirmed an earlier run's change and saved it to startup-config. */
  settledSaved: boolean;
}

/**
 * One SSH session: read the running config, plan the change against it, apply it, prove it.
 * `stored` is the baseline the state kept (null on create). The device's own record wins when it has one:
 * it was written with the first change, so it survives a lost state and a half-applied run.
 *
 * If that session breaks (the connection drops, the device stops answering), a second session settles at
 * once what the first one left, as the next run would first: FRR types back what the change had typed (its
 * journal), EOS removes the uncommitted config session. The error still fails the operation, and says what
 * was settled.
 */
export async function changeDevice(
  inputs: SwitchConfigInputs,
  before: OwnedConfig,
  after: OwnedConfig,
  stored: Baseline | null,
): Promise<ChangeOutcome> {
  try {
    return await changeInOneSession(inputs, before, after, stored);
  } catch (error) {
    if (!isBrokenSession(error)) throw error;
    throw await settledAfterBreak(inputs, after, error);
  }
}

/** Settles over a new session what a broken one left; returns `error` saying what happened. */
async function settledAfterBreak(inputs: SwitchConfigInputs, after: OwnedConfig, error: SwitchDeviceError): Promise<SwitchDeviceError> {
  const driver = dialectOf(inputs.dialect).driver;
  const once = { ...inputs, options: { ...inputs.options, connectAttempts: 1 } };
  try {
    const settled = await withDeviceSession(endpointOf(inputs), driver, sessionOptions(once), (session) =>
      session.settle({ resourceShortId: resourceShortId(inputs.device, inputs.phase), verify: verifierFor(inputs.dialect, [], after, []), leaveCommitTimers: true }),
    );
    for (const note of settled.notes) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${note}`);
    const what = settled.notes.length > 0 ? settled.notes.join("; ") : "it had left nothing to settle";
    error.message += ` — a new SSH session settled what the broken one left: ${what}`;
  } catch (settleError) {
    const reason = settleError instanceof Error ? settleError.message : String(settleError);
    error.message += ` — settling over a new SSH session failed too (${reason}); the next run settles it before anything else`;
  }
  return error;
}

async function changeInOneSession(
  inputs: SwitchConfigInputs,
  before: OwnedConfig,
  after: OwnedConfig,
  stored: Baseline | null,
): Promise<ChangeOutcome> {
  const driver = dialectOf(inputs.dialect).driver;
  const shortId = resourceShortId(inputs.device, inputs.phase);
  return withDeviceSession(endpointOf(inputs), driver, sessionOptions(inputs), async (session) => {
    const settled = await session.settle({ resourceShortId: shortId, verify: verifierFor(inputs.dialect, [], after, []) });
    for (const note of settled.notes) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${note}`);
    const runningText = await session.runningConfig();
    const running = parseRunningConfig(inputs.dialect, runningText);
    // An earlier run of this very change went through (its commit was confirmed here, or it committed and its
    // answer was lost): its lines are ours, never the operator's, and the change starts from them.
    const recordBefore = recordOnDevice(inputs.dialect, running, shortId);
    const digest = ownedConfigDigest(inputs.dialect, after);
    const from = settled.confirmed || recordedConfigDigest(recordBefore) === digest ? after : before;
    const recorded = baselineOfRecord(recordBefore);
    const previous = recorded ?? stored ?? EMPTY_BASELINE;
    // A create that finds our record: a run whose state was lost (or that stopped half-way) wrote these lines.
    const lostState = stored === null && recorded !== null;
    if (lostState) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): found kube-fabric's record of an earlier run; its lines are treated as ours`);
    const baseline = after.length === 0 ? EMPTY_BASELINE : takeBaseline(inputs.dialect, running, from, after, previous, lostState);
    const recordAfter = after.length === 0 ? [] : baselineRecord(shortId, `${inputs.device}/${inputs.phase}`, baseline, digest);
    const kept = [...previous.kept, ...baseline.kept];
    const planned = changeScript(inputs.dialect, running, [...from, ...recordBefore], [...after, ...recordAfter], {
      adopted: kept,
      replaced: [...previous.replaced, ...baseline.replaced],
    });
    const verify = verifierFor(inputs.dialect, [...from, ...recordBefore], [...after, ...recordAfter], kept);
    if (planned.lines.length === 0) {
      const problems = verify(runningText);
      if (problems.length > 0) throw new VerificationError(inputs.device, problems, "nothing was typed (the planned change is empty); the device was not touched");
      return { planned, baseline, report: null, notes: settled.notes, settledSaved: settled.saved };
    }
    const report = await session.apply({
      resourceShortId: shortId,
      script: planned,
      runningBefore: runningText,
      verify,
      commitConfirmSeconds: inputs.options.commitConfirmSeconds,
      restoreLines: (currentText) => restoreScript(inputs.dialect, parseRunningConfig(inputs.dialect, currentText), running),
    });
    if (report.deviceDiff) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${scrubDeviceText(report.deviceDiff)}`);
    for (const warning of report.warnings) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${scrubDeviceText(warning)}`);
    return { planned, baseline, report, notes: settled.notes, settledSaved: settled.saved };
  });
}

/** One SSH session: the device's running config, as text. */
export async function readRunningConfig(inputs: SwitchConfigInputs): Promise<string> {
  const driver = dialectOf(inputs.dialect).driver;
  return withDeviceSession(endpointOf(inputs), driver, sessionOptions(inputs), (session) =>
    session.runningConfig(),
  );
}
