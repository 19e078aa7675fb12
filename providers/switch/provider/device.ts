// The provider's device work: one SSH session per operation, through the dialect's driver.

import type { LinePath, OwnedConfig, PlannedChange } from "../../dialects/types";
import { dialectOf } from "../../dialects/registry";
import { changeScript, restoreScript } from "../config-tree/change-script";
import { parseRunningConfig } from "../config-tree/tree";
import { providerHooks } from "./hooks";
import { resourceShortId } from "./state";
import type { SwitchConfigInputs, SwitchOptions } from "./types";
import { verifierFor } from "./verify";
import { ApplyReport, DeviceEndpoint, withDeviceSession } from "../ssh/driver";
import { SshTimeouts } from "../ssh/connect";
import { VerificationError } from "../ssh/errors";

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

export interface ChangeOutcome {
  planned: PlannedChange;
  report: ApplyReport | null;
}

/** One SSH session: read the running config, plan the change against it, apply it, prove it. */
export async function changeDevice(
  inputs: SwitchConfigInputs,
  before: OwnedConfig,
  after: OwnedConfig,
  adopted: readonly LinePath[],
): Promise<ChangeOutcome> {
  const driver = dialectOf(inputs.dialect).driver;
  return withDeviceSession(endpointOf(inputs), driver, { timeouts: timeoutsOf(inputs.options), onTranscript: providerHooks().onTranscript }, async (session) => {
    const runningText = await session.runningConfig();
    const running = parseRunningConfig(inputs.dialect, runningText);
    const planned = changeScript(inputs.dialect, running, before, after, { adopted });
    const verify = verifierFor(inputs.dialect, before, after, [...adopted, ...planned.adopted]);
    if (planned.lines.length === 0) {
      const problems = verify(runningText);
      if (problems.length > 0) throw new VerificationError(inputs.device, problems, "nothing was typed (the planned change is empty); the device was not touched");
      return { planned, report: null };
    }
    const report = await session.apply({
      resourceShortId: resourceShortId(inputs.device, inputs.phase),
      script: planned,
      runningBefore: runningText,
      verify,
      commitConfirmSeconds: inputs.options.commitConfirmSeconds,
      restoreLines: (currentText) => restoreScript(inputs.dialect, parseRunningConfig(inputs.dialect, currentText), running),
    });
    if (report.deviceDiff) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${report.deviceDiff}`);
    for (const warning of report.warnings) providerHooks().log?.(`switch ${inputs.device} (${inputs.phase}): ${warning}`);
    return { planned, report };
  });
}

/** One SSH session: the device's running config, as text. */
export async function readRunningConfig(inputs: SwitchConfigInputs): Promise<string> {
  const driver = dialectOf(inputs.dialect).driver;
  return withDeviceSession(endpointOf(inputs), driver, { timeouts: timeoutsOf(inputs.options), onTranscript: providerHooks().onTranscript }, (session) =>
    session.runningConfig(),
  );
}
