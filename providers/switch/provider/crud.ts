// create, read, update, delete: each one SSH session to the device, returning what the state keeps.
//
// What the state's outputs' config holds is what we wrote, never what a refresh found: a hand edit of an owned
// line is drift (reported, and put back by the next update), never a licence to remove another line.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { findOwned, formatDrift, parseRunningConfig, readOwned } from "../config-tree/tree";
import { scrubDeviceText } from "../ssh/secrets";
import { changeDevice, readRunningConfig } from "./device";
import { providerHooks } from "./hooks";
import { configText } from "../config-tree/config-text";
import { baselineOf, inputsOf, lastChangeOf, outputsOf, ownedOf, resourceId } from "./state";
import type { LastChange, SwitchConfigInputs, SwitchConfigOutputs } from "./types";

export async function create(props: Record<string, unknown>): Promise<dynamic.CreateResult<SwitchConfigOutputs>> {
  const inputs = inputsOf(props);
  const outcome = await changeDevice(inputs, [], ownedOf(inputs), null);
  return {
    id: resourceId(inputs.device, inputs.phase),
    outs: outputsOf(inputs, { baseline: outcome.baseline, drift: [], lastChange: lastChangeOf(outcome) }),
  };
}

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.UpdateResult<SwitchConfigOutputs>> {
  const previous = inputsOf(olds);
  const inputs = inputsOf(news);
  const outcome = await changeDevice(inputs, ownedOf(previous), ownedOf(inputs), baselineOf(olds));
  return {
    outs: outputsOf(inputs, {
      baseline: outcome.baseline,
      drift: [],
      lastChange: lastChangeOf(outcome) ?? ((olds.lastChange ?? null) as LastChange | null),
    }),
  };
}

export async function remove(_id: string, props: Record<string, unknown>): Promise<void> {
  const inputs = inputsOf(props);
  await changeDevice(inputs, ownedOf(inputs), [], baselineOf(props));
}

/**
 * Refresh: the outputs' config stays as written (what update and delete work from); what differs on the device
 * is reported as drift, and the inputs' config becomes the owned lines as the device runs them (secrets
 * scrubbed), so the next preview, which diffs inputs, shows each line the update will put back.
 */
export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult<SwitchConfigOutputs | SwitchConfigInputs>> {
  const written = inputsOf(props);
  const runningText = await readRunningConfig(written);
  const running = parseRunningConfig(written.dialect, runningText);
  const owned = ownedOf(written);
  const drift = formatDrift(findOwned(written.dialect, running, owned)).map(scrubDeviceText);
  for (const line of drift) providerHooks().log?.(`switch ${written.device} (${written.phase}): drift: ${line}`);
  const onDevice = scrubDeviceText(configText(written.dialect, readOwned(written.dialect, running, owned)));
  const outs = outputsOf(written, {
    baseline: baselineOf(props),
    drift,
    lastChange: (props.lastChange ?? null) as LastChange | null,
  });
  return { id, props: outs, inputs: { ...written, config: onDevice } };
}
