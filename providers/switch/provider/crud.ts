// create, read, update, delete: each one SSH session to the device, returning what the state keeps.
//
// What the state's ownedConfig holds is what we wrote, never what a refresh found: a hand edit of an owned
// line is drift (reported, and put back by the next update), never a licence to remove another line.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { findOwned, formatDrift, parseRunningConfig, readOwned } from "../config-tree/tree";
import { scrubDeviceText } from "../ssh/secrets";
import { changeDevice, readRunningConfig } from "./device";
import { providerHooks } from "./hooks";
import { ownedLineView } from "./line-view";
import { baselineOf, inputsOf, lastChangeOf, outputsOf, resourceId } from "./state";
import type { LastChange, OwnedLineView, SwitchConfigInputs, SwitchConfigOutputs } from "./types";

/** The view with device text that could hold a secret scrubbed. */
function scrubView(view: OwnedLineView): OwnedLineView {
  return Object.fromEntries(Object.entries(view).map(([key, value]) => [key, typeof value === "string" ? scrubDeviceText(value) : scrubView(value)]));
}

export async function create(props: Record<string, unknown>): Promise<dynamic.CreateResult<SwitchConfigOutputs>> {
  const inputs = inputsOf(props);
  const outcome = await changeDevice(inputs, [], inputs.ownedConfig, null);
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
  const outcome = await changeDevice(inputs, previous.ownedConfig, inputs.ownedConfig, baselineOf(olds));
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
  await changeDevice(inputs, inputs.ownedConfig, [], baselineOf(props));
}

/**
 * Refresh: the owned lines stay as written (ownedConfig, what update and delete work from); what differs on
 * the device is reported as drift, and the readable view (ownedConfigLines) shows the device's lines, so the
 * next preview shows each line the update will put back.
 */
export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult<SwitchConfigOutputs | SwitchConfigInputs>> {
  const written = inputsOf(props);
  const runningText = await readRunningConfig(written);
  const running = parseRunningConfig(written.dialect, runningText);
  const drift = formatDrift(findOwned(written.dialect, running, written.ownedConfig)).map(scrubDeviceText);
  for (const line of drift) providerHooks().log?.(`switch ${written.device} (${written.phase}): drift: ${line}`);
  const onDevice = scrubView(ownedLineView(written.dialect, readOwned(written.dialect, running, written.ownedConfig)));
  const stored: SwitchConfigInputs = { ...written, ownedConfigLines: onDevice };
  const outs = outputsOf(stored, {
    baseline: baselineOf(props),
    drift,
    lastChange: (props.lastChange ?? null) as LastChange | null,
  });
  return { id, props: outs, inputs: stored };
}
